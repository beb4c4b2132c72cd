#!/bin/sh
# Hostile inputs: damaged, disguised, malicious and odd-but-valid workbooks.
#
#   XLSXCHECK=/path/to/xlsxcheck sh tests/hostile/run.sh
#
# gen.py writes the corpus and its table (cases.tsv) into a temp folder
# ($XC_TEST_TMP/hostile when set); each case runs under `timeout` and,
# unless SANITIZE=1, a virtual-memory cap.  Prints "ok NAME" or
# "FAIL NAME: why" per case, and comment lines starting with "#".
set -u
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
XLSXCHECK=${XLSXCHECK:-$root/build/xlsxcheck}
PYTHON=${PYTHON:-/usr/bin/python3}
SANITIZE=${SANITIZE:-}
MEM_KB=1500000          # ulimit -v for non-sanitizer runs (about 1.5 GB)
DEFAULT_TIME=20

case $XLSXCHECK in /*) ;; *) XLSXCHECK=$(pwd)/$XLSXCHECK ;; esac
if [ ! -x "$XLSXCHECK" ]; then
  echo "FAIL hostile-setup: no executable xlsxcheck at $XLSXCHECK"
  exit 1
fi

if [ -n "${XC_TEST_TMP:-}" ]; then
  base=$XC_TEST_TMP/hostile
  rm -rf "$base"
  mkdir -p "$base" || exit 1
  cleanup=
else
  base=$(mktemp -d "${TMPDIR:-/tmp}/xlsxcheck-hostile.XXXXXX") || exit 1
  cleanup=$base
fi
trap '[ -n "$cleanup" ] && rm -rf "$cleanup"' EXIT
trap 'exit 1' INT TERM
corpus=$base/corpus
if ! "$PYTHON" "$here/gen.py" "$corpus" > "$base/gen.log" 2>&1; then
  echo "FAIL hostile-gen: gen.py failed: $(tail -n 1 "$base/gen.log")"
  exit 1
fi

if [ "$SANITIZE" = 1 ]; then
  # ASan needs a huge address space, so no ulimit -v; cap single
  # allocations instead so a runaway buffer fails fast without eating the machine.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}max_allocation_size_mb=1600:allocator_may_return_null=0"
  export ASAN_OPTIONS
  slow=3
else
  slow=1
fi

passwd_line=
[ -r /etc/passwd ] && passwd_line=$(head -n 1 /etc/passwd)
evil_abs=/tmp/xlsxcheck-hostile-evil.txt
evil_abs2=/tmp/xlsxcheck-hostile-abs.txt

describe_status() {
  case $1 in
    124) echo "timed out" ;;
    134) echo "aborted (SIGABRT)" ;;
    137) echo "killed (SIGKILL)" ;;
    139) echo "segmentation fault" ;;
    *) echo "exit $1" ;;
  esac
}

# Tell whether stderr holds every "|"-separated substring of $1.
missing_substring() {
  _list=$1 _file=$2
  _old_ifs=$IFS
  IFS='|'
  for _s in $_list; do
    if ! grep -F -q -e "$_s" "$_file"; then
      IFS=$_old_ifs
      echo "$_s"
      return 0
    fi
  done
  IFS=$_old_ifs
  return 1
}

run_case() {
  name=$1 file=$2 cmd=$3 pre=$4 post=$5 want_exit=$6 want_err=$7 want_out=$8 checks=$9
  [ "$pre" = - ] && pre=
  [ "$post" = - ] && post=
  if [ "$file" = "@missing" ]; then
    path=$corpus/does-not-exist.xlsx
  else
    path=$corpus/$file
  fi
  limit=$DEFAULT_TIME
  null=0 sha=0 nopasswd=0 traversal=0
  old_ifs=$IFS
  IFS=,
  for c in $checks; do
    case $c in
      time=*) limit=${c#time=} ;;
      null) null=1 ;;
      sha) sha=1 ;;
      nopasswd) nopasswd=1 ;;
      traversal) traversal=1 ;;
    esac
  done
  IFS=$old_ifs
  limit=$((limit * slow))
  out=$base/$name.out err=$base/$name.err
  before=
  if [ $sha = 1 ]; then before=$(sha256sum < "$path"); fi
  cwd=$base/cwd-$name/a/b
  mkdir -p "$cwd"
  [ $traversal = 1 ] && rm -f "$evil_abs" "$evil_abs2"
  outfile=$out
  [ $null = 1 ] && outfile=/dev/null
  start=$(date +%s)
  # The outer 2>/dev/null swallows the shell's own "Aborted"/"Segmentation
  # fault" notice when the reader dies by a signal; the status tells it.
  # shellcheck disable=SC2086  # pre and post are option lists
  {
    (
      exec > "$outfile" 2> "$err" < /dev/null
      cd "$cwd" || exit 99
      # shellcheck disable=SC3045  # ulimit -v: dash, bash and busybox sh have it
      if [ "$SANITIZE" != 1 ]; then ulimit -v "$MEM_KB" 2>/dev/null; fi
      exec timeout -k 5 "$limit" "$XLSXCHECK" $pre "$cmd" "$path" $post
    )
    status=$?
  } 2>/dev/null
  end=$(date +%s)
  [ $null = 1 ] && : > "$out"
  why=
  if [ "$status" != "$want_exit" ]; then
    why="expected exit $want_exit, got $(describe_status "$status")"
    first=$(head -n 1 "$err" | cut -c1-300)
    [ -n "$first" ] && why="$why; stderr: $first"
  elif [ "$want_exit" = 0 ]; then
    if [ -s "$err" ]; then why="stderr not empty: $(head -n 1 "$err" | cut -c1-200)"; fi
  else
    case " $pre " in
      *" --lang en "*) prefix="xlsxcheck: error: $path: " todo="  What to do: " ;;
      *) prefix="xlsxcheck: lỗi: $path: " todo="  Cách xử lý: " ;;
    esac
    lines=$(wc -l < "$err")
    bytes=$(wc -c < "$err")
    if ! head -n 1 "$err" | grep -F -q -e "$prefix"; then
      why="message does not start with \"$prefix\": $(head -n 1 "$err" | cut -c1-200)"
    elif [ "$lines" -ne 2 ] || ! sed -n 2p "$err" | grep -F -q -e "$todo"; then
      why="stderr is not the two-line message ($lines lines): $(tr '\n' ' ' < "$err" | cut -c1-300)"
    elif [ "$bytes" -gt 4096 ]; then
      why="message too long ($bytes bytes)"
    elif grep -F -q -e "không có lỗi" -e "no error" "$err"; then
      why="error reported as 'no error'"
    elif [ "$want_err" != - ] && miss=$(missing_substring "$want_err" "$err"); then
      why="message lacks \"$miss\": $(head -n 1 "$err" | cut -c1-300)"
    fi
  fi
  if [ -z "$why" ]; then
    case $want_out in
      exact)
        if ! cmp -s "$out" "$corpus/$name.expected"; then
          why="stdout differs from the expected dump: $(diff "$corpus/$name.expected" "$out" 2>/dev/null | head -n 3 | cut -c1-120 | tr '\n' ' ')"
        fi ;;
      empty)
        [ -s "$out" ] && why="stdout not empty" ;;
      has:*)
        if miss=$(missing_substring "${want_out#has:}" "$out"); then
          why="stdout lacks \"$miss\""
        fi ;;
    esac
  fi
  if [ -z "$why" ] && [ $sha = 1 ]; then
    after=$(sha256sum < "$path")
    [ "$before" != "$after" ] && why="the input file was modified"
  fi
  if [ -z "$why" ] && [ $nopasswd = 1 ] && [ -n "$passwd_line" ]; then
    if grep -F -q -e "$passwd_line" "$out" "$err"; then why="/etc/passwd content appeared in the output"; fi
  fi
  if [ -z "$why" ] && [ $traversal = 1 ]; then
    if [ -e "$evil_abs" ] || [ -e "$evil_abs2" ] || [ -e "$base/cwd-$name/a/evil-relative.txt" ] ||
       [ -n "$(find "$base/cwd-$name" -type f | head -n 1)" ]; then
      why="a file was written outside (path traversal)"
    fi
  fi
  elapsed=$((end - start))
  [ "$elapsed" -ge 3 ] && echo "# $name took ${elapsed}s (limit ${limit}s)"
  rm -rf "$base/cwd-$name"
  if [ -z "$why" ]; then
    echo "ok $name"
    rm -f "$out" "$err"
  else
    echo "FAIL $name: $why"
  fi
}

tab=$(printf '\t')
count=0
while IFS=$tab read -r name file cmd pre post want_exit want_err want_out checks; do
  [ -n "$name" ] || continue
  run_case "$name" "$file" "$cmd" "$pre" "$post" "$want_exit" "$want_err" "$want_out" "$checks"
  count=$((count + 1))
done < "$corpus/cases.tsv"
echo "# hostile: $count cases"

# `check` reads the same files through the rule engine (model, binding, rules):
# every one must end with exit 0, 1 or 2, quickly, with no sanitizer report.
for f in "$corpus"/*.xlsx; do
  [ -f "$f" ] || continue
  [ "$(wc -c < "$f")" -le 3000000 ] || continue
  case_name="check.$(basename "$f" .xlsx)"
  timeout 30 "$XLSXCHECK" check "$f" > "$base/check.out" 2> "$base/check.err"
  rc=$?
  if [ $rc -gt 2 ]; then
    echo "FAIL $case_name: exit $rc: $(grep -m 2 -E 'ERROR|runtime error|Abort' "$base/check.err" | tr '\n' ' ' | cut -c1-200)"
  elif grep -q -E 'AddressSanitizer|runtime error' "$base/check.err"; then
    echo "FAIL $case_name: $(grep -m 1 -E 'AddressSanitizer|runtime error' "$base/check.err" | cut -c1-200)"
  else
    echo "ok $case_name"
  fi
done

# `merge` takes the whole corpus at once, beside one valid unit workbook:
# every hostile file is logged and left out (FILE, M-1 …), the bundle is still
# written (exit 1: errors logged), no input is modified, no sanitizer report.
valid=$root/examples/don-vi/bao-cao-dinh-ky_dak-to_2023-q1.xlsx
mkdir -p "$base/merge-in"
for f in "$corpus"/*.xlsx; do
  [ -f "$f" ] && [ "$(wc -c < "$f")" -le 3000000 ] && cp "$f" "$base/merge-in/"
done
cp "$valid" "$base/merge-in/"
before=$(cat "$base"/merge-in/* | cksum)
timeout 120 "$XLSXCHECK" merge -o "$base/hostile.zip" "$base/merge-in" > "$base/merge.out" 2> "$base/merge.err"
rc=$?
after=$(cat "$base"/merge-in/* | cksum)
nin=$(ls "$base/merge-in" | wc -l)
if [ $rc -ne 1 ]; then
  echo "FAIL merge.corpus: exit $rc (want 1): $(grep -m 2 -E 'ERROR|runtime error|Abort|lỗi' "$base/merge.err" "$base/merge.out" | tr '\n' ' ' | cut -c1-200)"
elif grep -q -E 'AddressSanitizer|runtime error' "$base/merge.err"; then
  echo "FAIL merge.corpus: $(grep -m 1 -E 'AddressSanitizer|runtime error' "$base/merge.err" | cut -c1-200)"
elif [ "$before" != "$after" ]; then
  echo "FAIL merge.corpus: an input was modified"
elif ! unzip -p "$base/hostile.zip" manifest.json > "$base/manifest.json" 2>/dev/null; then
  echo "FAIL merge.corpus: no manifest in the bundle"
elif [ "$(grep -c '"status": "merged' "$base/manifest.json")" -ne 1 ] ||
     [ "$(grep -c '"name": ' "$base/manifest.json")" -ne "$nin" ]; then
  echo "FAIL merge.corpus: want $nin inputs in the manifest, exactly 1 merged: $(grep -c '"status": "merged' "$base/manifest.json") merged"
else
  echo "ok merge.corpus ($nin inputs, 1 merged)"
fi
