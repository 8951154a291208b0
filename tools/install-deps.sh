#!/usr/bin/env bash
# Installs everything offprint needs to build, run and test on Debian 12 (bookworm).
# Used by README's first set-up command and by .ci/run. Runs apt-get as root, or via sudo.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi

BUILD="build-essential cmake pkg-config libhpdf-dev libxml2-dev libgumbo-dev libzip-dev
  libfreetype-dev libharfbuzz-dev libicu-dev libhyphen-dev libpng-dev libjpeg-dev libwebp-dev
  libgif-dev libmd4c-dev libcjson-dev libcurl4-openssl-dev"
# Fonts used by the PDF back end (see fonts/fonts.conf; Japanese: IPAex, Chinese: AR PL UMing,
# WenQuanYi Micro Hei, Arabic and Persian: Amiri, picked by the document's language) and hyphenation dictionaries
# (picked by the document's language; the tests use en-us and ru).
RUNTIME="fonts-sil-charis fonts-liberation2 fonts-dejavu-core fonts-nanum fonts-droid-fallback
  fonts-ipaexfont-mincho fonts-ipaexfont-gothic fonts-arphic-uming fonts-wqy-microhei
  fonts-hosny-amiri fonts-noto-core
  hyphen-en-us hyphen-en-gb hyphen-de hyphen-fr hyphen-es hyphen-it hyphen-ru"
# Validators the tests run on every PDF and EPUB we write; python3 serves the fetch tests'
# pages on 127.0.0.1 (tests/fetch_server.py); strace shows no socket is opened without --fetch.
# fontconfig: fc-query reads the character sets of the fonts --embed-fonts packs
TEST="qpdf poppler-utils epubcheck default-jre-headless unzip libxml2-utils clang-format fontconfig python3
  strace"
# More hyphenation dictionaries: the European and Indian languages Debian packages patterns
# for (a language without its dictionary is set unhyphenated, with a note)
HYPHEN="hyphen-pl hyphen-nl hyphen-cs hyphen-sk hyphen-pt-pt hyphen-pt-br hyphen-sv hyphen-da
  hyphen-no hyphen-hu hyphen-ro hyphen-hr hyphen-sl hyphen-ca hyphen-el hyphen-uk hyphen-bg
  hyphen-lt hyphen-lv hyphen-hi hyphen-mr hyphen-bn hyphen-as hyphen-ta hyphen-te hyphen-kn
  hyphen-ml hyphen-gu hyphen-pa hyphen-or"
# bench/quality.sh reads paragraph metrics with mutool
BENCH="mupdf-tools"
# With --checkers (CI): tools/check-static.sh's cppcheck, clang static analyzer and valgrind,
# and clang for the libFuzzer build (tests/fuzz/README.md)
CHECKERS=""
if [ "${1:-}" = --checkers ]; then CHECKERS="cppcheck clang clang-tools valgrind"; fi

$SUDO apt-get update
# shellcheck disable=SC2086
$SUDO apt-get install -y --no-install-recommends $BUILD $RUNTIME $HYPHEN $TEST $BENCH $CHECKERS
