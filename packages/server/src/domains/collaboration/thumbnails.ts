import type { Readable } from "node:stream";
import sharp from "sharp";
import { FILE_LIMITS } from "@engawa/shared";

/**
 * Image previews: decoded by sharp (libvips), shrunk to fit FILE_LIMITS.thumbnailSize and re-encoded
 * as WebP. Re-encoding also drops metadata (EXIF location, camera serials) from what previews
 * show. Decoding is bounded: sources over FILE_LIMITS.thumbnailSourceMaxBytes get no thumbnail and
 * images over 50 megapixels are refused by libvips (decompression bombs), as are broken files —
 * the file is still stored, only without a preview.
 */
const MAX_PIXELS = 50_000_000;

export async function makeThumbnail(plain: Readable): Promise<Buffer | null> {
  const image = sharp({ limitInputPixels: MAX_PIXELS, failOn: "error", animated: false })
    .rotate()
    .resize(FILE_LIMITS.thumbnailSize, FILE_LIMITS.thumbnailSize, {
      fit: "inside",
      withoutEnlargement: true,
    })
    .webp({ quality: 75 });
  plain.on("error", (error) => image.destroy(error));
  plain.pipe(image);
  try {
    return await image.toBuffer();
  } catch {
    return null;
  }
}
