/* Timestamps as archives write them, read into Unix seconds (UTC): the batch readers'
 * saved and published dates, and --since/--until. Exports carry three kinds: Unix seconds
 * (Pocket, Instapaper, Netscape bookmarks), ISO 8601 date-times with a zone
 * ("2023-04-05T10:11:12.345Z", "2023-01-12T10:20:30+0100") and RFC 822 (RSS pubDate, "Tue, 03
 * Jun 2003 09:39:21 GMT"). The calendar date is op_date_read's (date.c); this adds the time,
 * the zone and the count of seconds. */
#include "core/core.h"

#include <string.h>
#include <strings.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* min..max digits at s[*i]: their value (*i moved past them), or -1. */
static int64_t digits(const char *s, size_t len, size_t *i, size_t min, size_t max)
{
    size_t k = *i;
    int64_t v = 0;
    while (k < len && k - *i < max && is_digit(s[k]))
        v = v * 10 + (s[k++] - '0');
    if (k - *i < min)
        return -1;
    *i = k;
    return v;
}

static void skip_spaces(const char *s, size_t len, size_t *i)
{
    while (*i < len && (s[*i] == ' ' || s[*i] == '\t'))
        (*i)++;
}

/* "HH:MM[:SS[.fff]]" at s[*i]: seconds into the day, or -1. */
static int64_t clock_time(const char *s, size_t len, size_t *i)
{
    int64_t h = digits(s, len, i, 1, 2), m = -1, sec = 0;
    if (h < 0 || h > 23 || *i >= len || s[*i] != ':')
        return -1;
    (*i)++;
    if ((m = digits(s, len, i, 2, 2)) < 0 || m > 59)
        return -1;
    if (*i < len && s[*i] == ':') {
        (*i)++;
        if ((sec = digits(s, len, i, 2, 2)) < 0 || sec > 60)
            return -1;
        if (*i < len && (s[*i] == '.' || s[*i] == ','))
            for ((*i)++; *i < len && is_digit(s[*i]);)
                (*i)++;
    }
    return h * 3600 + m * 60 + sec;
}

/* A zone at s[*i]: "Z", "UT", "UTC", "GMT", the US zones of RFC 822, "+0200", "+02:00",
 * "-05"; its offset east of UTC in seconds, 0 when there is none. *ok is 0 when something
 * follows that is not a zone. */
static int64_t zone(const char *s, size_t len, size_t *i, int *ok)
{
    static const struct {
        const char *name;
        int hours;
    } names[] = {{"UTC", 0},  {"GMT", 0},  {"UT", 0},   {"Z", 0},    {"EST", -5}, {"EDT", -4},
                 {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
    *ok = 1;
    skip_spaces(s, len, i);
    if (*i >= len)
        return 0;
    if (s[*i] == '+' || s[*i] == '-') {
        int sign = s[*i] == '-' ? -1 : 1;
        (*i)++;
        int64_t h = digits(s, len, i, 2, 2), m = 0;
        if (*i < len && s[*i] == ':')
            (*i)++;
        if (h >= 0 && *i < len && is_digit(s[*i]))
            m = digits(s, len, i, 2, 2);
        if (h < 0 || h > 14 || m < 0 || m > 59) {
            *ok = 0;
            return 0;
        }
        return sign * (h * 3600 + m * 60);
    }
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t n = strlen(names[k].name);
        if (len - *i >= n && !strncasecmp(s + *i, names[k].name, n) &&
            (len - *i == n || !((s[*i + n] | 32) >= 'a' && (s[*i + n] | 32) <= 'z'))) {
            *i += n;
            return names[k].hours * 3600;
        }
    }
    *ok = 0;
    return 0;
}

/* The rest after a date: an optional time and zone, then only white space. */
static int time_and_zone(const char *s, size_t len, size_t i, int64_t days, int64_t *out)
{
    int64_t secs = 0, off = 0;
    int ok = 1;
    if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
        size_t k = i + 1;
        skip_spaces(s, len, &k);
        if (k < len && is_digit(s[k])) {
            if ((secs = clock_time(s, len, &k)) < 0)
                return 0;
            off = zone(s, len, &k, &ok);
            i = k;
        }
    }
    skip_spaces(s, len, &i);
    if (!ok || i != len)
        return 0;
    *out = days * 86400 + secs - off;
    return 1;
}

/* A calendar date op_date_read found at the start of s (forms), then the rest: an optional
 * time and zone, then only white space. */
static int date_then_time(const char *s, size_t len, unsigned forms, int64_t *out)
{
    op_date d;
    if (!op_date_read(s, len, forms, &d) || !d.year)
        return 0;
    size_t end = d.time ? (size_t)(d.time - 1 - s) : d.len; /* its time is read here, with a zone */
    return time_and_zone(s, len, end, days_from_civil(d.year, d.month, d.day), out);
}

/* RFC 822 / 2822: "[Tue, ]3 Jun 2003 09:39:21 GMT"; two-digit years are 19xx from 50, 20xx
 * below. */
static int read_rfc822(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    if (len >= 4 && !is_digit(s[0])) {
        const char *comma = memchr(s, ',', len < 12 ? len : 12);
        if (!comma)
            return 0;
        i = (size_t)(comma - s) + 1;
    }
    skip_spaces(s, len, &i);
    return date_then_time(s + i, len - i, OP_DATE_DAY_MONTH | OP_DATE_YEAR2, out);
}

int op_date_unix(const char *s, size_t len, int64_t *out)
{
    *out = -1;
    if (!s)
        return 0;
    while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    if (len == 0)
        return 0;
    size_t i = 0;
    int64_t v = digits(s, len, &i, 1, 13);
    if (v >= 0 && i == len && (len != 4 && len != 8)) { /* "2023" or "20230105" are not seconds */
        *out = len >= 12 ? v / 1000 : v;
        return 1;
    }
    if (date_then_time(s, len, OP_DATE_ISO, out) || read_rfc822(s, len, out))
        return 1;
    *out = -1;
    return 0;
}
