/** Age bands the organisation department asks about (干部年龄结构): under 35, 35–44, 45–54, 55 and over. */
export interface AgeBand {
  id: string;
  ageMin?: number;
  ageMax?: number;
}

export const AGE_BANDS: readonly AgeBand[] = [
  { id: 'under35', ageMax: 34 },
  { id: 'from35', ageMin: 35, ageMax: 44 },
  { id: 'from45', ageMin: 45, ageMax: 54 },
  { id: 'over55', ageMin: 55 },
];

export function ageBand(id: string | null | undefined): AgeBand | undefined {
  return AGE_BANDS.find((b) => b.id === id);
}
