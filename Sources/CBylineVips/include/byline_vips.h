// A small, non-variadic face of libvips for Swift, which cannot call C's variadic
// functions (vips_thumbnail, vips_jpegsave, ...). Every function that can fail returns
// NULL or a negative number and leaves the reason for bv_take_error.
#ifndef BYLINE_VIPS_H
#define BYLINE_VIPS_H

#include <stddef.h>

typedef struct _VipsImage BVImage;

typedef enum { BV_JPEG = 0, BV_WEBP = 1 } BVFormat;

// Starts libvips once per process; 0 on success. Loaders libvips marks untrusted
// (matload, the ImageMagick bridge, ...) are blocked: uploads come from outside.
int bv_start(void);

// The last error of this thread, copied into `buffer` and cleared.
void bv_take_error(char *buffer, size_t size);

// Opens a file lazily: the header is read, no pixels are decoded yet.
BVImage *bv_open_header(const char *path);
// Reads the header of bytes in memory, which must outlive the image.
BVImage *bv_open_header_buffer(const void *bytes, size_t length);
int bv_width(BVImage *image);
int bv_height(BVImage *image);
int bv_pages(BVImage *image);
int bv_orientation(BVImage *image);
// The loader's name ("jpegload", "pngload", ...); owned by the image.
const char *bv_loader(BVImage *image);
// A metadata blob ("exif-data", "iptc-data", "xmp-data"): 0 and the bytes when present.
int bv_blob(BVImage *image, const char *name, const void **data, size_t *length);

// The picture at most `width` pixels wide (never enlarged), turned upright by its EXIF
// orientation, in sRGB (CMYK included), with 8-bit bands, decoded into memory.
BVImage *bv_upright_srgb(const char *path, int width);
// A region of `image`, scaled to `width` pixels wide.
BVImage *bv_crop_scaled(BVImage *image, int left, int top, int width, int height, int out_width);
// `image` scaled to `width` pixels wide.
BVImage *bv_scaled(BVImage *image, int width);
// `mark` laid over `image` with its top-left corner at `x`, `y`, at `opacity` (0...1).
BVImage *bv_watermarked(BVImage *image, BVImage *mark, int x, int y, double opacity);
// Whether this libvips has an operation ("heifload" reads HEIC and AVIF).
int bv_has_operation(const char *name);
// Loads a whole file into memory (for a watermark PNG).
BVImage *bv_load(const char *path);

// Saves with no metadata of the original (EXIF, GPS, maker notes, IPTC, ICC) and, when
// given, `xmp` as the file's only metadata. 0 on success.
int bv_save(BVImage *image, const char *path, BVFormat format, int quality, const char *xmp, size_t xmp_length);

void bv_release(BVImage *image);

#endif
