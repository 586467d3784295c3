#!/usr/bin/env bash
# Debian packages the tests use: Chromium for Playwright (it cannot download its own browsers here),
# a virtual desktop for the wallpaper tests (Xvfb, D-Bus, gsettings/dconf, feh, ImageMagick's
# `import` to read the root window), and the reference crawler's Python libraries for `npm run bench`.
#   scripts/install-system-deps.sh [--without-chromium]
# --without-chromium: where Playwright brings its own Chromium instead (CI on GitHub's Ubuntu
# runners, whose `chromium` package is only a stub for the snap).
set -euo pipefail
packages=(chromium)
if [ "${1:-}" = "--without-chromium" ]; then
  packages=()
elif [ -n "${1:-}" ]; then
  echo "usage: $0 [--without-chromium]" >&2
  exit 2
fi
packages+=(
  xvfb xauth x11-utils x11-apps imagemagick
  dbus dbus-x11 libglib2.0-bin dconf-cli dconf-gsettings-backend gsettings-desktop-schemas
  feh
  python3-aiohttp python3-uvloop
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]} (run this script as root, or install them)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
