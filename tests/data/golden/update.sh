#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# update.sh SIGFTRACE - write tests/data/golden/NAME.golden for every case of
# tests/data/golden/cases with the binary SIGFTRACE (see cases). golden.t
# builds the same text with the binary under test and compares the bytes.
set -eu

SIGFTRACE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../../.."
. tests/data/golden/golden.sh

golden_cases | while read -r name args; do
	golden_run "$SIGFTRACE" "$args" > "tests/data/golden/$name.golden"
done
