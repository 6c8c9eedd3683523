# Shared by scripts/run and scripts/test (sourced from the repository root).

STEP="start"

step() {
    STEP=$1
    printf '\n==> %s\n' "$1"
}

die() {
    printf '\nERROR: %s\n' "$1" >&2
    exit 1
}

is_root() {
    [[ $(id -u) -eq 0 ]]
}

apt_install() {
    step "Installing Debian package(s) with apt-get: $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "$@"
}

# Creates .venv with Python >= 3.11 (PYTHON picks the interpreter, default python3).
ensure_venv() {
    local python=${PYTHON:-python3}
    local too_old='import sys; sys.exit(sys.version_info < (3, 11))'
    if [[ -x .venv/bin/python ]]; then
        .venv/bin/python -c "$too_old" \
            || die ".venv uses Python older than 3.11. Delete .venv and run again."
        return
    fi
    step "Creating .venv with $python"
    command -v "$python" >/dev/null \
        || die "$python not found. Install Python 3.11 or newer or set PYTHON=/path/to/it."
    "$python" -c "$too_old" \
        || die "Portal Kopontren needs Python 3.11 or newer; $python is \
$("$python" -V 2>&1). Set PYTHON=/path/to/python3.11 (or newer)."
    "$python" -m venv .venv
}

requirements_hash() {
    cat requirements.txt "$1" constraints.txt | sha256sum | cut -d' ' -f1
}

# Installs a requirements file pinned by constraints.txt, skipped when nothing changed
# since the last install (the stamp holds a hash of the files).
install_requirements() {
    local requirements=$1
    local stamp=.venv/.installed-${requirements%.txt}
    local wanted
    wanted=$(requirements_hash "$requirements")
    if [[ -f $stamp && $(<"$stamp") == "$wanted" ]]; then
        step "Dependencies in .venv match $requirements and constraints.txt"
        return
    fi
    step "Installing $requirements into .venv (versions from constraints.txt)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check \
        -r "$requirements" -c constraints.txt
    echo "$wanted" >"$stamp"
}

free_port() {
    .venv/bin/python -c 'import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])'
}

# WeasyPrint (the daftar hadir and certificate PDFs) loads Pango and HarfBuzz from the
# system, and the PDFs use the DejaVu fonts; install them with apt when they are missing.
ensure_pdf_libraries() {
    if .venv/bin/python -c 'import weasyprint' >/dev/null 2>&1 \
        && fc-list 2>/dev/null | grep -qi dejavu; then
        return
    fi
    if is_root && command -v apt-get >/dev/null; then
        apt_install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
            fontconfig fonts-dejavu-core
    else
        die "WeasyPrint needs Pango, HarfBuzz and the DejaVu fonts (Debian: apt-get \
install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)."
    fi
}

# The address people (and phones scanning a QR poster) reach gunicorn at, from BIND:
# 127.0.0.1:8000 → http://127.0.0.1:8000; 0.0.0.0:8000 or [::]:8000 (every interface)
# → the machine's first network address. Prints nothing for a unix socket.
site_url_for_bind() {
    local bind=$1 host port
    [[ $bind == unix:* ]] && return 0
    host=${bind%:*}
    port=${bind##*:}
    [[ $host == "$bind" ]] && port=8000
    case $host in
        "" | 0.0.0.0 | "[::]")
            host=$(hostname -I 2>/dev/null | awk '{print $1}')
            host=${host:-127.0.0.1}
            [[ $host == *:* ]] && host="[$host]"
            ;;
    esac
    echo "http://$host:$port"
}
