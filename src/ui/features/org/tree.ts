/** Flat parentId lists (units, party organisations) as trees for tables and tree-selects. */

export interface FlatNode {
  id: string;
  parentId: string | null;
  name: string;
  peopleCount: number;
  deletedAt: string | null;
}

export type TreeNode<T extends FlatNode> = T & {
  children?: TreeNode<T>[];
  /** People in this node and every node below it. */
  totalPeople: number;
};

/**
 * Keeps the server's order among siblings. A node whose parent is missing from the list (filtered out,
 * or deleted while the list shows only live nodes) becomes a root, so nothing silently disappears.
 */
export function buildTree<T extends FlatNode>(nodes: readonly T[]): TreeNode<T>[] {
  const byId = new Map<string, TreeNode<T>>();
  for (const node of nodes) byId.set(node.id, { ...node, totalPeople: node.peopleCount });
  const roots: TreeNode<T>[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sum = (node: TreeNode<T>): number => {
    node.totalPeople = node.peopleCount + (node.children ?? []).reduce((n, c) => n + sum(c), 0);
    return node.totalPeople;
  };
  roots.forEach(sum);
  return roots;
}

/** The node and everything below it: the choices a "move under" picker must refuse. */
export function subtreeIds(nodes: readonly FlatNode[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of nodes) {
      if (node.parentId && ids.has(node.parentId) && !ids.has(node.id)) {
        ids.add(node.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** "红旗镇 / 红旗村": where a node sits, for labels and tooltips. */
export function pathName(nodes: readonly FlatNode[], id: string | null): string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const names: string[] = [];
  let node = id ? byId.get(id) : undefined;
  while (node && names.length < 20) {
    names.unshift(node.name);
    node = node.parentId ? byId.get(node.parentId) : undefined;
  }
  return names.join(' / ');
}
