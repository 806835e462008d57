/** The office (township, county…) that owns this data file. */
export interface Office {
  id: string;
  name: string;
  /** Administrative division code (9-digit township or 12-digit village), if known. */
  code: string | null;
  /** False until someone has named the office; the app asks for it on first run. */
  configured: boolean;
}
