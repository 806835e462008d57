// The header table lives in src/shared/headerSynonyms.ts, shared with the paste grid. This re-export keeps
// existing core imports (src/core/training/excel) working; new code imports the shared module.
export { HEADER_SYNONYMS, matchHeader, normaliseHeader, type HeaderMatch } from '../../shared/headerSynonyms';
