# bash completion for offprint(1); installed by cmake --install into
# share/bash-completion/completions/offprint.
_offprint() {
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
    -t | --to) COMPREPLY=($(compgen -W 'pdf epub txt md html' -- "$cur")); return ;;
    -f | --from) COMPREPLY=($(compgen -W 'html text markdown omnivore pocket instapaper readwise raindrop wallabag karakeep bookmarks rss atom mhtml singlefile' -- "$cur")); return ;;
    --page | --page-size) COMPREPLY=($(compgen -W 'a4 letter a5 6in 7in' -- "$cur")); return ;;
    --style) COMPREPLY=($(compgen -W 'default sans large' -f -- "$cur")); return ;;
    --css) return ;;
    --profile) COMPREPLY=($(compgen -W 'generic kindle kobo apple' -- "$cur")); return ;;
    --links) COMPREPLY=($(compgen -W 'inline footnote endnote none' -- "$cur")); return ;;
    --state) COMPREPLY=($(compgen -W 'unread archive all' -- "$cur")); return ;;
    -o | --output | -i | --input-list | --report | --explain | --cache-dir)
        COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --title | --author | --lang | --keep | --drop | --name | --tag | --since | --until | \
        --limit | -j | --jobs | --max-failures | --max-entries | --max-zip-entry | --max-zip-ratio | --shard | --shard-count | --max-image-px | \
        --max-size | --toc-depth | --base-url | --timeout | --max-download | --max-input | --max-depth | --max-pages | --max-megapixels | --max-elements)
        return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '--author --base-url --batch --cache-dir --bundle --css --drop --dump-model --embed-fonts --explain --fail-fast --fetch --force --from --group-by --help --input-list --jobs --keep --lang --limit --links --max-depth --max-download --max-elements --max-entries --max-failures --max-input --max-image-px --max-megapixels --max-pages --max-size --max-zip-entry --max-zip-ratio --name --no-cache --no-fetch --no-hyphenate --no-justify --order --output --page --page-size --profile --quiet --report --shard --shard-count --since --state --stats --style --tag --timeout --timings --title --to --toc --toc-depth --until --verbose --version -o -t -f -i -j -q -v -h -V' -- "$cur"))
    elif [[ $COMP_CWORD == 1 ]]; then
        COMPREPLY=($(compgen -W 'check' -f -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _offprint offprint
