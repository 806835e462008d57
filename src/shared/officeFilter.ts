import { z } from 'zod';

/**
 * A county file holds several townships' records, each stamped with the office that made it (origin_office).
 * Lists and reports take this optional filter; absent, they roll up across every office in the file.
 */
export const originOfficeFilter = z.string().min(1).max(64).optional();
