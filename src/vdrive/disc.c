/* disc.c - disc content: synthetic, media profile or image (see disc.h). */
#include "disc.h"

#include <cdio/cdio.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../drive/mmc.h"
#include "../util/kv.h"

/* Generated audio discs are cut into 5-minute tracks (the last one takes
 * the rest); a mixed disc has its data track over the first half. */
#define VD_AUDIO_TRACK_SECTORS (5u * 60u * CD_SECTORS_PER_S)
/* Red Book minimum track length: 4 seconds. */
#define VD_MIN_TRACK_SECTORS (4u * CD_SECTORS_PER_S)

/* Little-endian stores.  The pattern fill is on the hot path of every
 * emulated read, so on little-endian hosts they are plain (vectorisable)
 * copies. */
static inline void store_le64(uint8_t *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(p, &v, sizeof v);
#else
    for (int b = 0; b < 8; b++)
        p[b] = (uint8_t)(v >> (8 * b));
#endif
}

static inline void store_le32(uint8_t *p, uint32_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(p, &v, sizeof v);
#else
    for (int b = 0; b < 4; b++)
        p[b] = (uint8_t)(v >> (8 * b));
#endif
}

void vd_pattern_data(uint32_t lba, uint8_t out[2048])
{
    uint64_t hi = (uint64_t)lba << 32;
    for (uint32_t i = 0; i < CD_DATA_BYTES / 8; i++)
        store_le64(out + 8 * i, hi | (8u * i));
}

void vd_pattern_audio(uint32_t lba, uint8_t out[2352])
{
    /* left = f & 0xFFFF then right = f >> 16, both little-endian: that is
     * the 32-bit little-endian f itself; built as words, copied in one go
     * (fast in unoptimised sanitizer builds too) */
    uint32_t f = lba * 588u, w[588];
    for (uint32_t j = 0; j < 588; j++)
        w[j] = f + j;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(out, w, sizeof w);
#else
    for (uint32_t j = 0; j < 588; j++)
        store_le32(out + 4 * j, w[j]);
#endif
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

static void add_track(vd_disc *d, vd_sector_kind kind, uint32_t start)
{
    vd_track *t = &d->tracks[d->track_count];
    t->number = (uint8_t)(d->track_count + 1);
    t->kind = kind;
    t->start_lba = start;
    d->track_count++;
}

/* Audio tracks over [start, end), 5 minutes each. */
static void add_audio_tracks(vd_disc *d, uint32_t start, uint32_t end)
{
    for (uint32_t s = start; s < end && d->track_count < 99; s += VD_AUDIO_TRACK_SECTORS) {
        /* a short tail joins the track before it rather than being a
         * track shorter than Red Book allows */
        if (s > start && end - s < VD_MIN_TRACK_SECTORS)
            break;
        add_track(d, VD_SECTOR_AUDIO, s);
    }
}

static void init_generated(vd_disc *d, vd_content content, uint32_t sectors)
{
    d->source = VD_SRC_GENERATED;
    d->sectors = sectors;
    d->track_count = 0;
    switch (content) {
    case VD_CONTENT_DATA:
        add_track(d, VD_SECTOR_MODE1, 0);
        break;
    case VD_CONTENT_AUDIO:
        add_audio_tracks(d, 0, sectors);
        break;
    case VD_CONTENT_MIXED: {
        /* data over the first half, in whole seconds when there is room */
        uint32_t data = sectors / 2;
        if (data >= CD_SECTORS_PER_S)
            data -= data % CD_SECTORS_PER_S;
        add_track(d, VD_SECTOR_MODE1, 0);
        add_audio_tracks(d, data, sectors);
        break;
    }
    }
}

static int open_synthetic(vd_disc *d, const char *spec, db_error *err)
{
    double minutes = 80;
    if (spec) {
        const char *arg = spec + strlen("synthetic:");
        if (db_parse_double(arg, &minutes) || !(minutes >= 1 && minutes <= 99))
            return db_error_set(err, DB_EXIT_INPUT, "bad disc '%s': minutes must be 1..99", spec);
    }
    init_generated(d, VD_CONTENT_DATA, (uint32_t)llround(minutes * 60 * CD_SECTORS_PER_S));
    vd_geom_init(&d->geom, 1.2, 1.5, 25.0);
    d->type = VD_MEDIA_PRESSED;
    snprintf(d->label, sizeof d->label, "synthetic %g-min data disc", minutes);
    return 0;
}

static int open_media_profile(vd_disc *d, const char *path, double write_x, db_error *err)
{
    vd_media_profile mp;
    if (vd_media_profile_load(path, &mp, err))
        return -1;
    if (mp.content == VD_CONTENT_MIXED && mp.capacity_sectors < 2)
        return db_error_set(err, DB_EXIT_INPUT, "%s: a mixed disc needs at least 2 sectors", path);
    init_generated(d, mp.content, mp.capacity_sectors);
    vd_geom_init(&d->geom, mp.scanning_velocity_mps, mp.track_pitch_um, mp.inner_radius_mm);
    d->type = mp.type;
    d->has_atip = mp.has_atip;
    d->lead_in_m = mp.lead_in_m;
    d->lead_in_s = mp.lead_in_s;
    d->lead_in_f = mp.lead_in_f;
    memcpy(d->manufacturer, mp.manufacturer, sizeof d->manufacturer);
    d->atip = mp.atip;
    const char *base = strrchr(path, '/');
    snprintf(d->label, sizeof d->label, "%s", base ? base + 1 : path);
    if (vd_errmodel_init(&d->em, &mp.errors, write_x, &d->geom, d->sectors, d->label, err))
        return -1;
    if (d->em.write_x > 0) {
        size_t n = strlen(d->label);
        snprintf(d->label + n, sizeof d->label - n, " (burned at %gx)", d->em.write_x);
    }
    return 0;
}

static int open_iso(vd_disc *d, const char *path, db_error *err)
{
    d->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (d->fd < 0)
        return db_error_set(err, DB_EXIT_INPUT, "cannot open disc image %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(d->fd, &st))
        return db_error_set(err, DB_EXIT_INPUT, "cannot open disc image %s: %s", path, strerror(errno));
    uint64_t sectors = (uint64_t)st.st_size / CD_DATA_BYTES;
    if (sectors == 0)
        return db_error_set(err, DB_EXIT_INPUT, "cannot open disc image %s: smaller than one 2048-byte sector", path);
    if (sectors > VD_MAX_SECTORS)
        return db_error_set(err, DB_EXIT_INPUT, "cannot open disc image %s: %llu sectors is more than a CD holds (%u)",
                            path, (unsigned long long)sectors, VD_MAX_SECTORS);
    d->source = VD_SRC_ISO;
    d->sectors = (uint32_t)sectors;
    d->track_count = 0;
    add_track(d, VD_SECTOR_MODE1, 0);
    return 0;
}

static int kind_of_format(track_format_t f, vd_sector_kind *out)
{
    switch (f) {
    case TRACK_FORMAT_AUDIO: *out = VD_SECTOR_AUDIO; return 0;
    case TRACK_FORMAT_DATA: *out = VD_SECTOR_MODE1; return 0;
    case TRACK_FORMAT_XA:
    case TRACK_FORMAT_CDI:
    case TRACK_FORMAT_PSX: *out = VD_SECTOR_MODE2F1; return 0;
    default: return -1;
    }
}

/* The image's TOC is untrusted input like any drive response: check it. */
/* libcdio 2.1's BIN/CUE driver reads the BIN named like the CUE, whatever
 * the sheet says (DESIGN.md): when that file is missing, say so rather
 * than "not an image". */
static int missing_bin(const char *path, db_error *err)
{
    size_t n = strlen(path);
    if (n < 4 || strcasecmp(path + n - 4, ".cue") || n + 1 > 4096)
        return 0;
    char bin[4096];
    snprintf(bin, sizeof bin, "%.*s.bin", (int)(n - 4), path);
    if (access(bin, F_OK) == 0)
        return 0;
    db_error_set(err, DB_EXIT_INPUT, "cannot open disc image %s: its BIN %s is missing (libcdio reads the BIN "
                 "named like the CUE sheet)", path, bin);
    return -1;
}

static int open_cdio(vd_disc *d, const char *path, db_error *err)
{
    if (missing_bin(path, err))
        return -1;
    CdIo_t *p = cdio_open(path, DRIVER_UNKNOWN);
    if (!p)
        return db_error_set(err, DB_EXIT_INPUT,
                            "cannot open disc image %s: not an image libcdio reads (.cue/.bin, .toc, .nrg) nor a .iso", path);
    d->cdio = p;
    d->source = VD_SRC_CDIO;
    track_t first = cdio_get_first_track_num(p), n = cdio_get_num_tracks(p);
    lsn_t leadout = cdio_get_track_lsn(p, CDIO_CDROM_LEADOUT_TRACK);
    if (first == CDIO_INVALID_TRACK || n == CDIO_INVALID_TRACK || n == 0 || n > 99 || first + n - 1 > 99)
        return db_error_set(err, DB_EXIT_INPUT, "cannot open disc image %s: no usable track list", path);
    if (leadout == CDIO_INVALID_LSN || leadout <= 0 || (uint32_t)leadout > VD_MAX_SECTORS)
        return db_error_set(err, DB_EXIT_INPUT, "cannot open disc image %s: bad lead-out address", path);
    d->sectors = (uint32_t)leadout;
    d->track_count = 0;
    for (track_t i = first; i < first + n; i++) {
        lsn_t lsn = cdio_get_track_lsn(p, i);
        vd_sector_kind kind;
        if (lsn == CDIO_INVALID_LSN || lsn < 0 || (uint32_t)lsn >= d->sectors ||
            (d->track_count && (uint32_t)lsn <= d->tracks[d->track_count - 1].start_lba) ||
            (!d->track_count && lsn != 0))
            return db_error_set(err, DB_EXIT_INPUT, "cannot open disc image %s: track %d has a bad start address %ld",
                                path, (int)i, (long)lsn);
        if (kind_of_format(cdio_get_track_format(p, i), &kind))
            return db_error_set(err, DB_EXIT_INPUT, "cannot open disc image %s: track %d has an unknown format",
                                path, (int)i);
        add_track(d, kind, (uint32_t)lsn);
        d->tracks[d->track_count - 1].number = (uint8_t)i;
    }
    return 0;
}

static int open_image(vd_disc *d, const char *path, db_error *err)
{
    /* Check first ourselves: libcdio would print warnings for a missing
     * file, and would hand a device node to its hardware drivers. */
    struct stat st;
    if (stat(path, &st))
        return db_error_set(err, DB_EXIT_INPUT, "cannot open disc image %s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return db_error_set(err, DB_EXIT_INPUT, "cannot open disc image %s: not a regular file", path);
    int rc = ends_with(path, ".iso") ? open_iso(d, path, err) : open_cdio(d, path, err);
    if (rc)
        return -1;
    vd_geom_init(&d->geom, 1.2, 1.5, 25.0);
    d->type = VD_MEDIA_PRESSED;
    snprintf(d->label, sizeof d->label, "%s", path);
    return 0;
}

/* Split "SPEC:write=X" into SPEC (copied to base) and X (NAN if absent). */
static int split_write(const char *spec, char *base, size_t base_len, double *write_x, db_error *err)
{
    *write_x = NAN;
    const char *opt = spec ? strstr(spec, ":write=") : NULL;
    if (!opt) {
        if (spec)
            snprintf(base, base_len, "%s", spec);
        return 0;
    }
    if ((size_t)(opt - spec) >= base_len)
        return db_error_set(err, DB_EXIT_INPUT, "bad disc '%s': name too long", spec);
    memcpy(base, spec, (size_t)(opt - spec));
    base[opt - spec] = '\0';
    if (db_parse_double(opt + strlen(":write="), write_x) || !(*write_x >= 1 && *write_x <= 72))
        return db_error_set(err, DB_EXIT_INPUT, "bad disc '%s': write=X needs a burn speed 1..72", spec);
    return 0;
}

int vd_disc_open(vd_disc *d, const char *spec, db_error *err)
{
    memset(d, 0, sizeof *d);
    d->fd = -1;
    char base[4096];
    double write_x;
    if (split_write(spec, base, sizeof base, &write_x, err))
        return -1;
    if (spec)
        spec = base;
    int rc;
    if (!spec || !strncmp(spec, "synthetic:", strlen("synthetic:")))
        rc = open_synthetic(d, spec, err);
    else if (ends_with(spec, ".profile"))
        rc = open_media_profile(d, spec, write_x, err);
    else
        rc = open_image(d, spec, err);
    /* synthetic discs and images have no error model: refuse write=X */
    if (!rc && !d->em.active)
        rc = vd_errmodel_init(&d->em, NULL, write_x, &d->geom, d->sectors, spec ? spec : "synthetic", err);
    if (rc)
        vd_disc_close(d);
    return rc;
}

void vd_disc_close(vd_disc *d)
{
    if (d->cdio)
        cdio_destroy((CdIo_t *)d->cdio);
    d->cdio = 0;
    if (d->fd >= 0)
        close(d->fd);
    d->fd = -1;
}

const vd_track *vd_disc_track_at(const vd_disc *d, uint32_t lba)
{
    /* binary search: the last track starting at or before lba */
    int lo = 0, hi = d->track_count - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (d->tracks[mid].start_lba <= lba)
            lo = mid;
        else
            hi = mid - 1;
    }
    return &d->tracks[lo];
}

uint32_t vd_disc_track_end(const vd_disc *d, const vd_track *t)
{
    int i = (int)(t - d->tracks);
    return i + 1 < d->track_count ? d->tracks[i + 1].start_lba : d->sectors;
}

static int pread_all(int fd, uint8_t *out, size_t len, off_t off)
{
    while (len) {
        ssize_t n = pread(fd, out, len, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        out += n;
        len -= (size_t)n;
        off += n;
    }
    return 0;
}

int vd_disc_read_data(vd_disc *d, uint32_t lba, uint32_t count, uint8_t *out)
{
    switch (d->source) {
    case VD_SRC_GENERATED:
        for (uint32_t i = 0; i < count; i++)
            vd_pattern_data(lba + i, out + (size_t)i * CD_DATA_BYTES);
        return 0;
    case VD_SRC_ISO:
        return pread_all(d->fd, out, (size_t)count * CD_DATA_BYTES, (off_t)lba * CD_DATA_BYTES);
    case VD_SRC_CDIO:
        return cdio_read_data_sectors((CdIo_t *)d->cdio, out, (lsn_t)lba, CD_DATA_BYTES, count) == DRIVER_OP_SUCCESS ? 0 : -1;
    }
    return -1;
}

int vd_disc_read_audio(vd_disc *d, uint32_t lba, uint32_t count, uint8_t *out)
{
    switch (d->source) {
    case VD_SRC_GENERATED:
        for (uint32_t i = 0; i < count; i++)
            vd_pattern_audio(lba + i, out + (size_t)i * CD_RAW_BYTES);
        return 0;
    case VD_SRC_ISO:
        return -1; /* an .iso holds no audio */
    case VD_SRC_CDIO:
        return cdio_read_audio_sectors((CdIo_t *)d->cdio, out, (lsn_t)lba, count) == DRIVER_OP_SUCCESS ? 0 : -1;
    }
    return -1;
}
