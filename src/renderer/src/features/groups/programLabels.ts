import { st } from '../../i18n/staff';
import type { ProgramTree } from '../../repositories/programs';

/** "Adult IOP · Depression & Anxiety · Morning group" for a group id. */
export function groupPath(tree: ProgramTree, groupId: string): string {
  const group = tree.groups.find((g) => g.id === groupId);
  if (!group) return st('groups.programLabels.unknownGroup');
  const track = tree.tracks.find((t) => t.id === group.trackId);
  const program = tree.programs.find((p) => p.id === group.programId);
  return [program?.data.name, track?.data.name, group.data.name].filter(Boolean).join(' · ');
}
