#!/bin/sh
# One run of the heat example (examples/heat) without Runfleet, as a user's own script does it: render input.txt
# from the parameters in a fresh directory, run simulate.sh there, keep result.json, remove the directory.
# bench/run.sh runs it under `xargs -P2` beside the same 200 runs through Runfleet.
#   heat_run.sh TEMPLATE_DIR OUT_DIR CONDUCTIVITY LENGTH
set -eu
template=$1 out=$2 conductivity=$3 length=$4
dir=$(mktemp -d "$out/run.XXXXXX")
sed -e "s/{{ conductivity }}/$conductivity/" -e "s/{{ length }}/$length/" -e 's/{{ cells }}/40/' \
    -e 's/{{ steps }}/2000/' -e 's/{{ dt }}/0.0001/' -e 's/{{ t_left }}/100.0/' -e 's/{{ t_right }}/20.0/' \
    -e 's/{{ t_initial }}/20.0/' "$template/input.txt" > "$dir/input.txt"
cp "$template/simulate.sh" "$dir/"
(cd "$dir" && sh simulate.sh > stdout)
printf '%s %s %s\n' "$conductivity" "$length" "$(cat "$dir/result.json")" >> "$out/results.txt"
rm -rf "$dir"
