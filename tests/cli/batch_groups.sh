# CLI batch books: --group-by week|month|tag|site|folder makes one EPUB or PDF book per group
# in -o DIR, named by the group (2024-W07.epub; tags and sites as slugs), items without the
# key in a named group (undated, untagged); --order date|title|input orders a book's
# articles (--bundle too); a group of one article is a book like the others; usage errors
# (--group-by with --bundle, with a text format, with --shard, an unknown key; --order
# without a book).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/../golden/check.bash"
setup

# item TITLE DATE TAG: an RSS entry with its content (a paragraph naming it)
item() {
    printf '<item><title>%s</title><link>https://%s/%s</link>' "$1" "$4" "$(echo "$1" | tr ' ' -)"
    [ -n "$2" ] && printf '<pubDate>%s</pubDate>' "$2"
    [ -n "$3" ] && printf '<category>%s</category>' "$3"
    printf '<content:encoded><![CDATA[<p>The text of %s, long enough to be an article of its own with a few words.</p>]]></content:encoded></item>\n' "$1"
}
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Weekly Feed</title><link>https://feed.example/</link>'
    item "Wednesday piece" "Wed, 14 Feb 2024 10:00:00 GMT" "Science" one.example
    item "Monday piece" "Mon, 12 Feb 2024 09:00:00 GMT" "science" two.example
    item "Sunday piece" "Sun, 18 Feb 2024 23:00:00 GMT" "" one.example
    item "Next Monday" "Mon, 19 Feb 2024 08:00:00 GMT" "Art" one.example
    item "New Year" "Mon, 01 Jan 2024 12:00:00 GMT" "Art" two.example
    item "Old December" "Sat, 30 Dec 2023 12:00:00 GMT" "Art" two.example
    item "No date" "" "Art" one.example
    echo '</channel></rss>'
} >feed.xml

# ISO weeks: 2024-02-12..18 is W07; 2024-01-01 is W01 of 2024; 2023-12-30 is W52 of 2023
expect_exit 0 "$OFFPRINT" feed.xml --group-by week -o weeks/ --to epub --report weeks.jsonl
ls weeks >list.txt
for f in 2023-W52.epub 2024-W01.epub 2024-W07.epub 2024-W08.epub undated.epub; do
    expect_grep "^$f\$" list.txt
done
[ "$(wc -l <list.txt)" = 5 ] && pass || fail "week books: $(cat list.txt)"
expect_grep '"type":"bundle","output":"weeks/2024-W07.epub","status":"ok","articles":3' weeks.jsonl
expect_grep '"input":"feed.xml:item 2".*"outputs":\["weeks/2024-W07.epub"\]' weeks.jsonl
expect_grep '^offprint: 7 converted, 0 skipped, 0 duplicates, 0 failed$' err.txt
check_epub weeks/2024-W07.epub
check_epub weeks/2023-W52.epub # one article
if have unzip; then
    unzip -p weeks/2024-W07.epub OEBPS/content.opf >opf.txt
    expect_grep '<dc:title>2024-W07</dc:title>' opf.txt
    # input order inside a group: Wednesday, Monday, Sunday
    unzip -p weeks/2024-W07.epub OEBPS/text/article-001.xhtml >a1.txt
    expect_grep 'Wednesday piece' a1.txt
    # a group of one article is a book like the others: titled by its group, the article a
    # chapter with its own title, listed in the contents
    unzip -p weeks/2023-W52.epub OEBPS/content.opf >opf1.txt
    expect_grep '<dc:title>2023-W52</dc:title>' opf1.txt
    unzip -p weeks/2023-W52.epub OEBPS/text/article-001.xhtml >one.txt
    expect_grep 'Old December' one.txt
    unzip -p weeks/2023-W52.epub OEBPS/nav.xhtml >nav1.txt
    expect_grep 'href="text/article-001.xhtml">Old December<' nav1.txt
fi

# --order date: oldest first; --order title: by title
expect_exit 0 "$OFFPRINT" feed.xml --group-by week --order date -o byd/ --to epub
if have unzip; then
    unzip -p byd/2024-W07.epub OEBPS/text/article-001.xhtml >d1.txt
    expect_grep 'Monday piece' d1.txt
    unzip -p byd/2024-W07.epub OEBPS/text/article-003.xhtml >d3.txt
    expect_grep 'Sunday piece' d3.txt
fi
expect_exit 0 "$OFFPRINT" feed.xml --bundle --order title -o all.epub --title Everything
if have unzip; then
    unzip -p all.epub OEBPS/text/article-001.xhtml >t1.txt
    expect_grep 'Monday piece' t1.txt
    unzip -p all.epub OEBPS/text/article-007.xhtml >t7.txt
    expect_grep 'Wednesday piece' t7.txt
fi
expect_exit 0 "$OFFPRINT" feed.xml --bundle --order date -o dated.epub
if have unzip; then
    unzip -p dated.epub OEBPS/text/article-001.xhtml >o1.txt
    expect_grep 'Old December' o1.txt
    unzip -p dated.epub OEBPS/text/article-007.xhtml >o7.txt
    expect_grep 'No date' o7.txt # undated last
fi

# months as PDF books, named by the month
expect_exit 0 "$OFFPRINT" feed.xml --group-by month -o months/ --title 'Reading'
ls months >mlist.txt
for f in 2023-12.pdf 2024-01.pdf 2024-02.pdf undated.pdf; do expect_grep "^$f\$" mlist.txt; done
check_pdf months/2024-02.pdf "Reading: 2024-02" "Contents" "Wednesday piece" "Next Monday"
check_pdf months/2023-12.pdf "Reading: 2023-12" "Contents" "Old December" # one article

# tags (the first one; 'Science' and 'science' are one group, with the first spelling),
# sites, folders
expect_exit 0 "$OFFPRINT" feed.xml --group-by tag -o tags/ --to epub --report tags.jsonl
ls tags >tlist.txt
for f in art.epub science.epub untagged.epub; do expect_grep "^$f\$" tlist.txt; done
[ "$(wc -l <tlist.txt)" = 3 ] && pass || fail "tag books: $(cat tlist.txt)"
expect_grep '"type":"bundle","output":"tags/science.epub","status":"ok","articles":2' tags.jsonl
if have unzip; then
    unzip -p tags/science.epub OEBPS/content.opf >sopf.txt
    expect_grep '<dc:title>Science</dc:title>' sopf.txt
fi
expect_exit 0 "$OFFPRINT" feed.xml --group-by site -o sites/ --to epub
ls sites >slist.txt
for f in one.example.epub two.example.epub; do expect_grep "^$f\$" slist.txt; done
expect_exit 0 "$OFFPRINT" feed.xml --group-by folder -o folders/ --to epub
ls folders >flist.txt
expect_grep '^weekly-feed.epub$' flist.txt

# usage errors
expect_exit 2 "$OFFPRINT" feed.xml --group-by week --bundle -o x.epub
expect_grep 'not both' err.txt
expect_exit 2 "$OFFPRINT" feed.xml --group-by week -o x/ --to txt
expect_grep 'EPUB or PDF books' err.txt
expect_exit 2 "$OFFPRINT" feed.xml --group-by year -o x/
expect_grep 'want month, week, tag, site or folder' err.txt
expect_exit 2 "$OFFPRINT" feed.xml --group-by week -o x/ --shard 1/2
expect_grep 'does not go with --bundle or --group-by' err.txt
expect_exit 2 "$OFFPRINT" feed.xml --order date -o x/
expect_grep 'sorts the articles of a book' err.txt
expect_exit 2 "$OFFPRINT" feed.xml --bundle --order size -o x.epub
expect_grep 'want date, title or input' err.txt
finish
