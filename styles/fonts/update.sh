#!/bin/sh
# Refresh the bundled fonts from Debian's packages (OFL 1.1, see OFL.txt).
# The fonts are committed so that every machine sets the same pages.
set -eu
cd "$(dirname "$0")"
apt-get install -y fonts-morisawa-bizud-mincho fonts-morisawa-bizud-gothic
cp /usr/share/fonts/truetype/bizud-mincho/BIZUDMincho-Regular.ttf .
cp /usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Bold.ttf .
