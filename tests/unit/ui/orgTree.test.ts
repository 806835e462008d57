import { describe, expect, it } from 'vitest';
import { buildTree, pathName, subtreeIds, type FlatNode } from '../../../src/ui/features/org/tree';
import { childPartyOrgKind, childUnitKind } from '../../../src/ui/features/org/kinds';

const node = (id: string, parentId: string | null, peopleCount = 0, deletedAt: string | null = null): FlatNode => ({ id, parentId, name: id, peopleCount, deletedAt });

describe('organisation trees for the UI', () => {
  const flat = [node('county', null, 1), node('town', 'county', 2), node('v1', 'town', 3), node('v2', 'town', 4), node('orphan', 'gone', 5)];

  it('nests children under parents, keeps order, and sums people down the tree', () => {
    const roots = buildTree(flat);
    expect(roots.map((r) => r.id)).toEqual(['county', 'orphan']);
    const town = roots[0]!.children![0]!;
    expect(town.children!.map((c) => c.id)).toEqual(['v1', 'v2']);
    expect(town.totalPeople).toBe(9);
    expect(roots[0]!.totalPeople).toBe(10);
    // A node whose parent is not listed still shows, as a root.
    expect(roots[1]!.totalPeople).toBe(5);
  });

  it('finds a subtree (what a "move under" picker must refuse) and a node’s path', () => {
    expect([...subtreeIds(flat, 'town')].sort()).toEqual(['town', 'v1', 'v2']);
    expect(pathName(flat, 'v2')).toBe('county / town / v2');
    expect(pathName(flat, null)).toBe('');
  });

  it('suggests the kind one level down', () => {
    expect(childUnitKind(null)).toBe('乡镇');
    expect(childUnitKind('县')).toBe('乡镇');
    expect(childUnitKind('乡镇')).toBe('村');
    expect(childUnitKind('街道')).toBe('社区');
    expect(childUnitKind('村')).toBe('其他');
    expect(childPartyOrgKind(null)).toBe('党委');
    expect(childPartyOrgKind('党委')).toBe('党总支');
    expect(childPartyOrgKind('党支部')).toBe('党小组');
    expect(childPartyOrgKind('党小组')).toBe('党小组');
  });
});
