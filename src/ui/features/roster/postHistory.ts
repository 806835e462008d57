import { ref } from 'vue';
import type { Input } from '../../../shared/contract';
import type { Post } from '../../../shared/org';
import type { Person } from '../../../shared/person';
import type { LedgerError } from '../../../shared/result';
import { api } from '../../api/client';

export type PostDraft = Omit<Input<'savePost'>, 'personId'>;

/**
 * A person's 任职经历. Every change re-reads the person, because the core derives 现任职务 and 任现职时间
 * from the open rows (and bumps the person's rev, which the form must send on its next save).
 */
export function usePostHistory(onPersonChanged: (person: Person) => void) {
  const posts = ref<Post[]>([]);
  let personId: string | null = null;

  async function load(id: string | null): Promise<void> {
    personId = id;
    posts.value = [];
    if (!id) return;
    const result = await api.listPosts({ personId: id });
    if (result.ok && personId === id) posts.value = result.data;
  }

  async function refreshPerson(id: string): Promise<void> {
    const result = await api.getPerson({ id });
    if (result.ok) onPersonChanged(result.data);
  }

  async function save(draft: PostDraft): Promise<LedgerError | null> {
    if (!personId) return null;
    const id = personId;
    const result = await api.savePost({ ...draft, personId: id });
    if (!result.ok) return result.error;
    await load(id);
    await refreshPerson(id);
    return null;
  }

  async function remove(postId: string): Promise<LedgerError | null> {
    if (!personId) return null;
    const id = personId;
    const result = await api.deletePost({ id: postId });
    if (!result.ok) return result.error;
    posts.value = result.data;
    await refreshPerson(id);
    return null;
  }

  return { posts, load, save, remove };
}

export type PostHistory = ReturnType<typeof usePostHistory>;
