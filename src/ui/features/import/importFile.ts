import { MAX_IMPORT_FILE_BYTES } from '../../../shared/contract';

/** Why a chosen file cannot be imported, as an i18n key with its parameters; null when it may go ahead. */
export type FileRefusal = { key: string; params?: Record<string, string | number> } | null;

export const ACCEPTED_EXTENSIONS = ['.xlsx', '.csv'] as const;

export function formatMegabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}

/** A file's size the way Windows Explorer shows it: KB below a megabyte. */
export function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${formatMegabytes(bytes)} MB`;
}

/**
 * The file a hidden <input type="file"> was given. The input is cleared, so choosing the same file again (after
 * fixing it in Excel, or after a refusal) fires change again.
 */
export function takeChosenFile(event: Event): File | null {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0] ?? null;
  input.value = '';
  return file;
}

/** Checks what can be checked before reading the file: its kind and size. */
export function refuseFile(file: { name: string; size: number }): FileRefusal {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xls') || name.endsWith('.et')) return { key: 'import.file.oldFormat', params: { name: file.name } };
  if (!ACCEPTED_EXTENSIONS.some((ext) => name.endsWith(ext))) return { key: 'import.file.wrongType', params: { name: file.name } };
  if (file.size === 0) return { key: 'import.file.empty', params: { name: file.name } };
  if (file.size > MAX_IMPORT_FILE_BYTES) {
    // Rounded up, so a file a little over the limit never reads as exactly the limit.
    const size = (Math.ceil((file.size / 1024 / 1024) * 10) / 10).toFixed(1);
    return { key: 'import.file.tooLarge', params: { name: file.name, size, max: formatMegabytes(MAX_IMPORT_FILE_BYTES) } };
  }
  return null;
}

/**
 * Base64 of a whole file without one giant String.fromCharCode call (which overflows the call stack past
 * ~100 kB). Chunks are a multiple of 3 bytes, so their encodings join without padding in between.
 */
export function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  const chunk = 3 * 0x4000;
  const parts: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const slice = bytes.subarray(offset, offset + chunk);
    let binary = '';
    for (let i = 0; i < slice.length; i += 0x1000) binary += String.fromCharCode(...slice.subarray(i, i + 0x1000));
    parts.push(btoa(binary));
  }
  return parts.join('');
}

/** Hands a file the core produced (base64) to the user as a download; Electron asks where to save it. */
export function saveBase64File(fileName: string, dataBase64: string, mime: string): void {
  const binary = atob(dataBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
