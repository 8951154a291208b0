# CLI batch mode interrupted and resumed: SIGINT during a run over many small articles stops
# taking new items, lets the running ones finish, writes the report's summary and exits 130,
# leaving no temporary or partial file; the same command again converts only what is left
# (the finished items are "skipped: exists"), so every article ends up converted once.
. "$(dirname "$0")/lib.bash"
setup

N=150
mkdir -p in
for i in $(seq 1 $N); do
    printf 'Article number %d\n\nThe text of article %d, a paragraph long enough to be an article of its own, with a second sentence.\n' "$i" "$i" >"in/a$i.txt"
done

"$OFFPRINT" in/ -o out/ -j 2 --report run1.jsonl 2>err1.txt &
pid=$!
for _ in $(seq 1 400); do # until a few items are done (at most 20 s)
    [ "$(grep -c '"type":"item"' run1.jsonl 2>/dev/null)" -ge 5 ] && break
    sleep 0.05
done
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" = 130 ] && pass || fail "interrupted run exited $rc, want 130: $(tail -3 err1.txt)"
expect_grep 'interrupted; run the same command again to resume' err1.txt
expect_grep '"type":"summary".*"interrupted":true' run1.jsonl
done1=$(grep -c '"status":"ok"' run1.jsonl)
[ "$done1" -ge 5 ] && [ "$done1" -lt $N ] && pass || fail "first run converted $done1 of $N"
no_leftovers
n=$(ls out | wc -l)
[ "$n" = "$done1" ] && pass || fail "$n files in out/ but $done1 converted: a partial output?"
for f in out/*.pdf; do # every output is whole
    tail -c 1024 "$f" | grep -q '%%EOF' || fail "$f is not a whole PDF"
done

expect_exit 0 "$OFFPRINT" in/ -o out/ -j 2 --report run2.jsonl
done2=$(grep -c '"status":"ok"' run2.jsonl)
skipped2=$(grep -c '"reason":"exists"' run2.jsonl)
[ "$skipped2" = "$done1" ] && pass || fail "second run skipped $skipped2, want $done1"
[ $((done1 + done2)) = $N ] && pass || fail "converted $done1 + $done2, want $N"
[ "$(ls out | wc -l)" = $N ] && pass || fail "outputs: $(ls out | wc -l)"
expect_grep '"interrupted":false' run2.jsonl
no_leftovers
finish
