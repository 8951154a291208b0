/* Dates: the one reader of calendar dates in text (ISO 8601, numeric, "Nov. 3, 2022",
 * "3 November 2022") that metadata, bylines and text-dump datelines all use, and the
 * display form the title blocks of both back ends show ("3 November 2022"), so the PDF
 * and the EPUB read the same. */
#include "core/core.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Bytes of white space at s[i]: ASCII white space or a typeset space (op_utf8_space_at). */
static size_t space_at(const char *s, size_t len, size_t i)
{
    if (i < len && s[i] && strchr("\t\n\v\f\r", s[i]))
        return 1;
    return op_utf8_space_at(s, len, i);
}

static size_t skip_space(const char *s, size_t len, size_t i)
{
    size_t n;
    while ((n = space_at(s, len, i)) != 0)
        i += n;
    return i;
}

/* A number of min..max digits at s[*i] not followed by another digit: its value (*i moved
 * past it), or -1. */
static int number(const char *s, size_t len, size_t *i, size_t min, size_t max)
{
    size_t k = *i;
    int v = 0;
    while (k < len && k - *i < max && is_digit(s[k]))
        v = v * 10 + (s[k++] - '0');
    if (k - *i < min || (k < len && is_digit(s[k])))
        return -1;
    *i = k;
    return v;
}

/* A month's name at s[*i]: a word of 3 to 9 letters whose first three name a month, in any
 * case ("Nov", "Sept", "November", and the months other languages spell alike: "Juni",
 * "novembre"), and a '.' after it. Its number (*i moved past it), or 0. */
static int month_word(const char *s, size_t len, size_t *i)
{
    size_t k = *i;
    while (k < len && k - *i < 10 && is_letter(s[k]))
        k++;
    size_t n = k - *i;
    if (n < 3 || n > 9)
        return 0;
    for (int m = 0; m < 12; m++)
        if (!strncasecmp(s + *i, month_names[m], 3)) {
            *i = k + (k < len && s[k] == '.');
            return m + 1;
        }
    return 0;
}

static int valid(const op_date *d)
{
    return d->month >= 1 && d->month <= 12 && d->day >= 1 && d->day <= 31;
}

/* "2019-11-19" (and with OP_DATE_NUMERIC "2019/11/19"), a time after a 'T' or a space kept. */
static int read_ymd(const char *s, size_t len, unsigned forms, op_date *d)
{
    size_t i = 0;
    d->year = number(s, len, &i, 4, 4);
    char sep = i < len ? s[i] : 0;
    if (d->year < 0 || !(sep == '-' || (sep == '/' && (forms & OP_DATE_NUMERIC))))
        return 0;
    i++;
    d->month = number(s, len, &i, 1, 2);
    if (d->month < 0 || i >= len || s[i] != sep)
        return 0;
    i++;
    d->day = number(s, len, &i, 1, 2);
    if (d->day < 0 || !valid(d))
        return 0;
    if (i + 3 < len && (s[i] == 'T' || s[i] == ' ') && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
        s[i + 3] == ':') {
        size_t k = 0;
        while (i + 1 + k < len && k < 30 && strchr("0123456789:.+-Z", s[i + 1 + k]) && s[i + 1 + k])
            k++;
        d->time = s + i + 1;
        d->time_len = k;
        i += 1 + k;
    }
    d->len = i;
    return 1;
}

/* The year after a date's day: ", 2019" or " 2019" (with OP_DATE_YEAR2 " 03" too); its end
 * (or 0 when there is none). */
static size_t year_after(const char *s, size_t len, size_t i, unsigned forms, op_date *d)
{
    i = skip_space(s, len, i + (i < len && s[i] == ','));
    size_t y0 = i;
    int y = number(s, len, &i, (forms & OP_DATE_YEAR2) ? 2 : 4, 4);
    if (y < 0 || i - y0 == 3)
        return 0;
    if (i - y0 == 2)
        y += y < 50 ? 2000 : 1900; /* RFC 2822 section 4.3 */
    d->year = y;
    return i;
}

/* "Nov. 3, 2019", "November 3 2019", and with OP_DATE_NO_YEAR "Nov. 3". */
static int read_month_day(const char *s, size_t len, unsigned forms, op_date *d)
{
    size_t i = 0;
    if (!(d->month = month_word(s, len, &i)))
        return 0;
    i = skip_space(s, len, i);
    d->day = number(s, len, &i, 1, 2);
    if (d->day < 0 || !valid(d))
        return 0;
    size_t end = year_after(s, len, i, forms, d);
    if (!end && !(forms & OP_DATE_NO_YEAR))
        return 0;
    d->len = end ? end : i;
    return 1;
}

/* "3 November 2019", "3. Nov. 2019" (with OP_DATE_YEAR2 "3 Nov 19"). */
static int read_day_month(const char *s, size_t len, unsigned forms, op_date *d)
{
    size_t i = 0;
    d->day = number(s, len, &i, 1, 2);
    if (d->day < 0)
        return 0;
    i = skip_space(s, len, i + (i < len && s[i] == '.'));
    if (!(d->month = month_word(s, len, &i)) || !valid(d))
        return 0;
    d->len = year_after(s, len, i, forms, d);
    return d->len != 0;
}

/* "11/19/2019": month first, as the US writes it. */
static int read_us(const char *s, size_t len, op_date *d)
{
    size_t i = 0;
    d->month = number(s, len, &i, 1, 2);
    if (d->month < 0 || i >= len || s[i++] != '/')
        return 0;
    d->day = number(s, len, &i, 1, 2);
    if (d->day < 0 || i >= len || s[i++] != '/')
        return 0;
    d->year = number(s, len, &i, 4, 4);
    d->len = i;
    return d->year >= 0 && valid(d);
}

int op_date_read(const char *s, size_t len, unsigned forms, op_date *d)
{
    memset(d, 0, sizeof *d);
    if (!s || !len)
        return 0;
    if (is_letter(s[0])) {
        if ((forms & OP_DATE_MONTH_DAY) && read_month_day(s, len, forms, d))
            return 1;
    } else if (is_digit(s[0])) {
        if ((forms & (OP_DATE_ISO | OP_DATE_NUMERIC)) && read_ymd(s, len, forms, d))
            return 1;
        memset(d, 0, sizeof *d);
        if ((forms & OP_DATE_DAY_MONTH) && read_day_month(s, len, forms, d))
            return 1;
        memset(d, 0, sizeof *d);
        if ((forms & OP_DATE_NUMERIC) && read_us(s, len, d))
            return 1;
    }
    memset(d, 0, sizeof *d);
    return 0;
}

void op_date_display(const char *iso, char *out, size_t outsz)
{
    op_date d;
    if (op_date_read(iso, strlen(iso), OP_DATE_ISO, &d))
        snprintf(out, outsz, "%d %s %d", d.day, month_names[d.month - 1], d.year);
    else
        snprintf(out, outsz, "%s", iso);
}
