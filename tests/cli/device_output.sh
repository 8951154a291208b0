# CLI: an output that is a character device (as /dev/null is) is written straight through and
# stays a device; never the real /dev/null: a device node made in the scratch folder (needs
# mknod, i.e. root or CAP_MKNOD; skipped otherwise).
. "$(dirname "$0")/lib.bash"
setup
if ! mknod null c 1 3 2>/dev/null; then
    echo "skip: cannot make a device node here (mknod needs root)"
    exit 77
fi
printf 'A title\n\nSome text for the body.\n' >a.txt
for to in pdf epub txt; do
    expect_exit 0 "$OFFPRINT" -q a.txt --to $to -o null
    if [ -c null ]; then pass; else fail "--to $to: null is no longer a character device"; fi
done
no_leftovers
finish
