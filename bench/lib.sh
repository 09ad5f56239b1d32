# Shared by the bench scripts: `source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" NAME` moves to the
# repository root and sets BENCH_DIR, ROOT and RUN_DIR (bench/results/NAME-<timestamp>, gitignored),
# and defines log and free_port (a free TCP port on 127.0.0.1).
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
cd "$ROOT"
RUN_DIR="$BENCH_DIR/results/$1-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"
log() { printf '[bench] %s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
