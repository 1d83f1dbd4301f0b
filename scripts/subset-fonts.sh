#!/usr/bin/env bash
# Rebuilds fonts/ from Debian's DejaVu Sans Condensed (fonts-dejavu-core 2.37) as subsets: Latin
# (with Welsh and other European letters), punctuation, currency, arrows, shapes and symbols, with
# kerning but no other OpenType layout features. Measuring and shaping text is about twice as fast
# and the files are a third of the size. Needs: apt-get install fonts-dejavu-core python3-fonttools
set -euo pipefail
cd "$(dirname "$0")/../fonts"
ranges="U+0020-007E,U+00A0-024F,U+0259,U+02B0-02FF,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2460-24FF,U+2500-257F,U+2580-259F,U+25A0-25FF,U+2600-26FF,U+2700-27BF,U+2B00-2BFF,U+FB00-FB06,U+FFFD"
for face in DejaVuSansCondensed DejaVuSansCondensed-Bold DejaVuSansCondensed-Oblique DejaVuSansCondensed-BoldOblique; do
  /usr/bin/python3 -m fontTools.subset "/usr/share/fonts/truetype/dejavu/$face.ttf" --unicodes="$ranges" \
    --layout-features=kern --no-hinting --output-file="$face.ttf"
done
cp /usr/share/doc/fonts-dejavu-core/copyright LICENSE-DejaVu.txt
