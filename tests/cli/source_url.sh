# CLI: the source URL on the EPUB title page is shown once (not also as the site when the page
# names none), decoded for reading (percent-encoded UTF-8 as text; %20, invalid bytes and
# invisible or bidi characters stay encoded), while the link keeps the exact URL; the PDF
# title block's URL line the same.
. "$(dirname "$0")/lib.bash"
setup
enc='39926056-%E6%96%B0%E7%AB%B9%E5%B0%96%E7%9F%B3_%E7%BE%8E%E6%A8%B9%E7%87%9F%E5%9C%B0%E8%B3%9E%E6%A5%93(2)'
url="https://blog.example.org/post/$enc?q=%20b%FF%E2%80%AE"
shown='https://blog.example.org/post/39926056-新竹尖石_美樹營地賞楓(2)?q=%20b%FF%E2%80%AE'
printf '<html lang="zh-Hant"><head><title>Post</title><link rel="canonical" href="%s"></head>
<body><article><h1>新竹尖石 美樹營地賞楓</h1><p>Some text for the body of this article, long
enough to be kept as its text by reader mode.</p><p>A second paragraph with more words.</p>
</article></body></html>\n' "$url" >post.html
expect_exit 0 "$OFFPRINT" -q post.html -o post.epub
if have unzip; then
    unzip -p post.epub OEBPS/text/cover.xhtml >cover.xhtml
    grep -o '>https://[^<]*<' cover.xhtml >texts.txt
    n=$(wc -l <texts.txt)
    if [ "$n" = 1 ]; then pass; else fail "the URL is shown $n times on the title page: $(cat texts.txt)"; fi
    if [ "$(cat texts.txt)" = ">$shown<" ]; then pass; else fail "shown as $(cat texts.txt)"; fi
    if grep -qF "href=\"$url\"" cover.xhtml; then pass; else fail "the link is not $url"; fi
fi
expect_exit 0 "$OFFPRINT" -q post.html -o post.pdf
if have pdftotext; then
    pdftotext post.pdf post.txt
    if tr -d '\n' <post.txt | grep -qF "$shown"; then pass; else fail "the PDF shows $(grep http post.txt)"; fi
fi
if have qpdf; then
    qpdf --qdf --object-streams=disable post.pdf qdf.pdf
    expect_grep "/URI \\(https://blog.example.org/post/39926056-%E6%96%B0" qdf.pdf
fi
finish
