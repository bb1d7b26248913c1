#!/bin/sh
# Look at a report as it will print: DOCX → PDF (LibreOffice) → one PNG per page (poppler).
#
#   scripts/preview.sh bulletin.docx [OUTDIR]     # writes OUTDIR/bulletin.pdf and OUTDIR/bulletin-1.png …
#
# Needs: apt install libreoffice-writer-nogui fonts-noto-cjk poppler-utils. The government fonts
# (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体, 宋体) are drawn with Noto CJK through scripts/fonts.conf.
# Set PREVIEW_DPI (default 96) for sharper or smaller pages.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "用法：scripts/preview.sh FILE.docx [OUTDIR]" >&2
    exit 2
fi
docx=$1
[ -f "$docx" ] || { echo "错误：找不到文件 $docx" >&2; exit 1; }
out=${2:-$(dirname "$docx")}
mkdir -p "$out"
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "错误：缺少 $tool；请安装 libreoffice-writer-nogui 和 poppler-utils" >&2
        exit 1
    }
done

here=$(cd "$(dirname "$0")" && pwd)
base=$(basename "$docx" .docx)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

FONTCONFIG_FILE="$here/fonts.conf" soffice -env:UserInstallation="file://$profile" --headless \
    --convert-to pdf --outdir "$out" "$docx" >/dev/null 2>&1 || {
    echo "错误：LibreOffice 无法转换 $docx" >&2
    exit 1
}
[ -f "$out/$base.pdf" ] || { echo "错误：LibreOffice 没有生成 $out/$base.pdf" >&2; exit 1; }
rm -f "$out/$base"-*.png
pdftoppm -png -r "${PREVIEW_DPI:-96}" "$out/$base.pdf" "$out/$base"
pages=$(ls "$out/$base"-*.png | wc -l)
echo "已生成 $out/$base.pdf 和 $pages 页 PNG：$out/$base-*.png"
