#include "byline_vips.h"

#include <pthread.h>
#include <string.h>
#include <vips/vips.h>

static pthread_once_t started = PTHREAD_ONCE_INIT;
static int start_status = -1;

// libvips' warnings (a damaged tile, an ignored colour profile) would go to stderr beside
// the request log; the failures they lead to are logged by Byline with their step.
static void drop_warning(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)message; (void)data;
}

static void start_once(void) {
    if (VIPS_INIT("byline") != 0) return;
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO, drop_warning, NULL);
    vips_block_untrusted_set(TRUE);
    // The operation cache keeps decoded pictures alive between calls; uploads are
    // processed once each, so it only costs memory here.
    vips_cache_set_max(0);
    start_status = 0;
}

int bv_start(void) {
    pthread_once(&started, start_once);
    return start_status;
}

void bv_take_error(char *buffer, size_t size) {
    if (size == 0) return;
    strncpy(buffer, vips_error_buffer(), size - 1);
    buffer[size - 1] = '\0';
    vips_error_clear();
}

BVImage *bv_open_header(const char *path) {
    return vips_image_new_from_file(path, NULL);
}

BVImage *bv_open_header_buffer(const void *bytes, size_t length) {
    return vips_image_new_from_buffer(bytes, length, "", NULL);
}

int bv_width(BVImage *image) { return vips_image_get_width(image); }
int bv_height(BVImage *image) { return vips_image_get_height(image); }
int bv_pages(BVImage *image) { return vips_image_get_n_pages(image); }
int bv_orientation(BVImage *image) { return vips_image_get_orientation(image); }

const char *bv_loader(BVImage *image) {
    const char *name = NULL;
    if (vips_image_get_typeof(image, VIPS_META_LOADER) == 0) return "";
    if (vips_image_get_string(image, VIPS_META_LOADER, &name) != 0) return "";
    return name ? name : "";
}

int bv_blob(BVImage *image, const char *name, const void **data, size_t *length) {
    if (vips_image_get_typeof(image, name) == 0) return -1;
    return vips_image_get_blob(image, name, data, length);
}

BVImage *bv_upright_srgb(const char *path, int width) {
    VipsImage *thumb = NULL, *colour = NULL, *cast = NULL, *memory = NULL;
    // thumbnail shrinks while it decodes (a 6000-pixel JPEG is read at a fraction of its
    // size), applies the EXIF orientation and converts through the embedded ICC profile,
    // or a built-in one for CMYK, to sRGB. libjpeg reports most damage as a warning and
    // decodes grey blocks; failing on warnings refuses such a file instead of publishing it.
    if (vips_thumbnail(path, &thumb, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
            "fail_on", VIPS_FAIL_ON_WARNING, NULL) != 0) goto done;
    if (vips_colourspace(thumb, &colour, VIPS_INTERPRETATION_sRGB, NULL) != 0) goto done;
    if (vips_cast(colour, &cast, VIPS_FORMAT_UCHAR, NULL) != 0) goto done;
    memory = vips_image_copy_memory(cast);
done:
    if (thumb) g_object_unref(thumb);
    if (colour) g_object_unref(colour);
    if (cast) g_object_unref(cast);
    return memory;
}

BVImage *bv_crop_scaled(BVImage *image, int left, int top, int width, int height, int out_width) {
    VipsImage *area = NULL, *out = NULL;
    if (vips_extract_area(image, &area, left, top, width, height, NULL) != 0) return NULL;
    if (vips_resize(area, &out, (double)out_width / (double)width, NULL) != 0) out = NULL;
    g_object_unref(area);
    return out;
}

BVImage *bv_scaled(BVImage *image, int width) {
    VipsImage *out = NULL;
    if (width == vips_image_get_width(image)) {
        g_object_ref(image);
        return image;
    }
    if (vips_resize(image, &out, (double)width / (double)vips_image_get_width(image), NULL) != 0) return NULL;
    return out;
}

BVImage *bv_load(const char *path) {
    VipsImage *image = vips_image_new_from_file(path, NULL), *memory = NULL;
    if (!image) return NULL;
    memory = vips_image_copy_memory(image);
    g_object_unref(image);
    return memory;
}

int bv_has_operation(const char *name) {
    return vips_type_find("VipsOperation", name) != 0;
}

BVImage *bv_watermarked(BVImage *image, BVImage *mark, int x, int y, double opacity) {
    VipsImage *srgb = NULL, *alpha = NULL, *faded = NULL, *colour = NULL, *overlay = NULL, *composed = NULL, *out = NULL;
    int bands = vips_image_get_bands(image);
    if (vips_colourspace(mark, &srgb, VIPS_INTERPRETATION_sRGB, NULL) != 0) goto done;
    if (vips_image_hasalpha(srgb)) {
        if (vips_extract_band(srgb, &alpha, vips_image_get_bands(srgb) - 1, NULL) != 0) goto done;
        if (vips_extract_band(srgb, &colour, 0, "n", vips_image_get_bands(srgb) - 1, NULL) != 0) goto done;
        if (vips_linear1(alpha, &faded, opacity, 0.0, "uchar", TRUE, NULL) != 0) goto done;
        if (vips_bandjoin2(colour, faded, &overlay, NULL) != 0) goto done;
    } else {
        if (vips_bandjoin_const1(srgb, &overlay, 255.0 * opacity, NULL) != 0) goto done;
    }
    if (vips_composite2(image, overlay, &composed, VIPS_BLEND_MODE_OVER, "x", x, "y", y, NULL) != 0) goto done;
    if (vips_image_get_bands(composed) > bands) {
        if (vips_extract_band(composed, &out, 0, "n", bands, NULL) != 0) out = NULL;
    } else {
        g_object_ref(composed);
        out = composed;
    }
done:
    if (srgb) g_object_unref(srgb);
    if (alpha) g_object_unref(alpha);
    if (faded) g_object_unref(faded);
    if (colour) g_object_unref(colour);
    if (overlay) g_object_unref(overlay);
    if (composed) g_object_unref(composed);
    return out;
}

int bv_save(BVImage *image, const char *path, BVFormat format, int quality, const char *xmp, size_t xmp_length) {
    VipsImage *clean = NULL, *flat = NULL;
    int status = -1;
    if (vips_copy(image, &clean, NULL) != 0) return -1;
    // Drop every metadata field the original carried (EXIF with GPS and maker notes,
    // IPTC, XMP, ICC, comments): only the rights notice below goes out with the file.
    gchar **fields = vips_image_get_fields(clean);
    for (gchar **field = fields; field && *field; field++) {
        if (strncmp(*field, "exif-", 5) == 0 || strncmp(*field, "xmp-", 4) == 0 || strncmp(*field, "iptc-", 5) == 0
            || strncmp(*field, "icc-", 4) == 0 || strncmp(*field, "png-", 4) == 0 || strncmp(*field, "gif-", 4) == 0
            || strcmp(*field, VIPS_META_ORIENTATION) == 0 || strcmp(*field, "jpeg-comment") == 0
            || strncmp(*field, "heif-", 5) == 0) {
            vips_image_remove(clean, *field);
        }
    }
    g_strfreev(fields);
    if (xmp && xmp_length > 0) vips_image_set_blob_copy(clean, VIPS_META_XMP_NAME, xmp, xmp_length);

    if (format == BV_JPEG) {
        if (vips_image_hasalpha(clean)) {
            VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
            int failed = vips_flatten(clean, &flat, "background", white, NULL);
            vips_area_unref(VIPS_AREA(white));
            if (failed) goto done;
        } else {
            g_object_ref(clean);
            flat = clean;
        }
        status = vips_jpegsave(flat, path, "Q", quality, "optimize_coding", TRUE, "interlace", TRUE, NULL);
    } else {
        status = vips_webpsave(clean, path, "Q", quality, "effort", 2, NULL);
    }
done:
    if (flat) g_object_unref(flat);
    g_object_unref(clean);
    return status;
}

void bv_release(BVImage *image) {
    if (image) g_object_unref(image);
}
