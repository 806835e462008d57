/** Attachments as the window reads them: the file as base64, and a small JPEG thumbnail drawn on a canvas. */

export const THUMBNAIL_EDGE = 320;
/** Under the core's 96 KiB thumbnail limit with room to spare. */
const THUMBNAIL_MAX_BYTES = 90 * 1024;

/** The size a picture is drawn at to fit within `edge` on its longer side (never enlarged). */
export function fitWithin(width: number, height: number, edge: number = THUMBNAIL_EDGE): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { width: 0, height: 0 };
  const scale = Math.min(1, edge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The base64 part of a data: URL. */
export function dataUrlBase64(url: string): string {
  const comma = url.indexOf(',');
  return comma >= 0 ? url.slice(comma + 1) : '';
}

/** Bytes a base64 text stands for. */
export function base64Bytes(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

export function readFileBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(dataUrlBase64(String(reader.result)));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/**
 * A JPEG thumbnail (≤ 320 px, white behind transparent PNGs), or undefined when the file is not a picture the
 * window can draw — the core then judges the file itself and says why it is refused.
 */
export async function makeThumbnail(file: Blob): Promise<string | undefined> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return undefined;
  }
  try {
    const size = fitWithin(bitmap.width, bitmap.height);
    if (size.width === 0) return undefined;
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) return undefined;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    for (const quality of [0.8, 0.6, 0.4]) {
      const base64 = dataUrlBase64(canvas.toDataURL('image/jpeg', quality));
      if (base64Bytes(base64) <= THUMBNAIL_MAX_BYTES) return base64;
    }
    return undefined;
  } finally {
    bitmap.close();
  }
}

/** A blob: URL for a stored picture (revoke it when the viewer closes). */
export function objectUrlFor(base64: string, mime: string): string {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: mime }));
}
