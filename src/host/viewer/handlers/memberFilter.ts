// Finding an archive's members by key, for the member list's filter box: the viewer lists only the first
// MAX_LISTED_MEMBERS members, so the host (which has the whole directory) answers the filter, not the webview.
import type { NpzContainer } from '../../../npz';
import type { MemberInfo } from '../../../shared/protocol';
import { memberInfo } from './members';

/** Most matches sent for one filter text (the count of all matches goes with them). */
export const MAX_FOUND_MEMBERS = 10_000;

export interface FoundMembers {
  /** The first matches, in directory order. */
  members: MemberInfo[];
  /** Members whose key matches, sent or not. */
  matched: number;
}

/**
 * Members whose key contains `query`, ignoring case (an empty query matches all). Members past the listed ones
 * have no header yet: their shape and dtype show once they are opened.
 */
export function findMembers(container: NpzContainer, query: string, limit = MAX_FOUND_MEMBERS): FoundMembers {
  const q = query.toLowerCase();
  const members: MemberInfo[] = [];
  let matched = 0;
  for (const e of container.entries) {
    if (!e.name.toLowerCase().includes(q)) continue;
    matched++;
    if (members.length < limit) members.push(memberInfo(e));
  }
  return { members, matched };
}
