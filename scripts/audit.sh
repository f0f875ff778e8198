#!/usr/bin/env bash
# `npm audit` of the runtime dependencies: fails on an advisory of high severity or above.
# When the registry's audit endpoint cannot be reached (an offline mirror answers 405), it
# says so and does not fail: no advisory could be read, which is not the same as one found.
set -uo pipefail
report=$(npm audit --omit=dev --audit-level=high --json 2>/dev/null)
status=$?
if [ "$status" -eq 0 ]; then
  echo 'npm audit: no advisory of high severity or above in the runtime dependencies'
  exit 0
fi
if printf '%s' "$report" | node -e '
  let text = ""; process.stdin.on("data", (c) => (text += c)).on("end", () => {
    const body = JSON.parse(text || "{}");
    process.exit(body.metadata && body.metadata.vulnerabilities ? 0 : 1);
  });'; then
  npm audit --omit=dev --audit-level=high
  exit 1
fi
echo "npm audit: the audit endpoint could not be reached ($(printf '%s' "$report" | node -e '
  let t = ""; process.stdin.on("data", (c) => (t += c)).on("end", () => {
    try { console.log(JSON.parse(t).message ?? "no answer"); } catch { console.log("no answer"); }
  });')); no advisories were read"
exit 0
