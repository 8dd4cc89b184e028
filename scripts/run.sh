#!/usr/bin/env bash
# `make run`: the bot and the Microsoft 365 Agents Playground pointed at it. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-3978}"
.venv/bin/python app.py &
bot=$!
trap 'kill $bot $playground 2>/dev/null; wait 2>/dev/null' INT TERM EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
npx --no-install agentsplayground -e "http://127.0.0.1:$port/api/messages" -c msteams --dt &
playground=$!
echo
echo "  Open http://localhost:56150 to chat with the bot (Ctrl-C stops both)."
echo
wait -n $bot $playground
