import { describe, expect, it } from 'vitest';
import { ROSTER_COLUMN_KEYS } from '../../../src/shared/rosterColumns';
import { dropColumn, hiddenColumns, moveColumn, toggleColumn } from '../../../src/ui/features/roster/columnOrder';

describe('column chooser helpers', () => {
  const shown = ['name', 'gender', 'phone'];

  it('adds at the end, removes, and never empties the list', () => {
    expect(toggleColumn(shown, 'unit', true)).toEqual(['name', 'gender', 'phone', 'unit']);
    expect(toggleColumn(shown, 'name', true)).toEqual(shown);
    expect(toggleColumn(shown, 'gender', false)).toEqual(['name', 'phone']);
    expect(toggleColumn(['name'], 'name', false)).toEqual(['name']);
  });

  it('moves one step and by drag, staying inside the list', () => {
    expect(moveColumn(shown, 'phone', -1)).toEqual(['name', 'phone', 'gender']);
    expect(moveColumn(shown, 'name', -1)).toEqual(shown);
    expect(moveColumn(shown, 'phone', 1)).toEqual(shown);
    expect(dropColumn(shown, 'phone', 'name')).toEqual(['phone', 'name', 'gender']);
    expect(dropColumn(shown, 'name', 'phone')).toEqual(['gender', 'phone', 'name']);
  });

  it('lists the hidden columns in the standard order', () => {
    const hidden = hiddenColumns(shown);
    expect(hidden).toEqual(ROSTER_COLUMN_KEYS.filter((k) => !shown.includes(k)));
  });
});
