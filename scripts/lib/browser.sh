# The headless browser the audit report's test renders in: Debian's Chromium, installed where missing.
# Sourced by test.sh; FEDLEDGER_CHROMIUM names another browser binary.

ensure_chromium() {
  local browser=${FEDLEDGER_CHROMIUM:-chromium}
  command -v "$browser" >/dev/null && return 0
  command -v apt-get >/dev/null || die "no Chromium ('$browser') for the audit report's browser test, and no apt-get to install it: install Chromium or set FEDLEDGER_CHROMIUM"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  log "installing Chromium for the audit report's browser test"
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >/dev/null; then
    $sudo apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >/dev/null \
      || die "could not install Chromium with apt-get: install it or set FEDLEDGER_CHROMIUM"
  fi
}
