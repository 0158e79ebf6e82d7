// The member list of an archive (.npz), above the header panel: one row per member with its key, shape, dtype,
// size, how it is stored, and its error. A listbox: the selected member is the one shown; Up/Down/Home/End/PageUp/
// PageDown move the focus, Enter or Space shows the focused member, a click shows the clicked one. Each row
// carries `data-member="KEY"` (tests, and the row's context menu: data-vscode-context names the member for
// "Extract Member to NPY…"). Hidden for a plain .npy. Rows are rebuilt only when the list changes.
// An archive of more than FILTER_FROM members gets a filter box: the host matches the text against every key
// (the list holds only the first 10,000), and the rows become the matches until the box is cleared (Escape).
import type { MemberInfo } from '../../src/shared/protocol';
import { byteSizeText } from '../../src/shared/text';
import { el } from '../dom';
import { t } from '../strings';
import { shapeText } from '../text';

export interface MembersCallbacks {
  /** The user chose member `key` (click, Enter, Space). */
  select(key: string): void;
  /** Ask the host for the members whose key contains `query` (answered through showFound). */
  find?(query: string): void;
}

/** Archives of more members than this get the filter box. */
export const FILTER_FROM = 100;
/** Typing pauses this long (ms) before the host is asked. */
const FILTER_DELAY = 150;

export class MembersPanel {
  readonly element: HTMLDivElement;
  private readonly caption: HTMLDivElement;
  private readonly list: HTMLDivElement;
  private rows: HTMLDivElement[] = [];
  private readonly byKey = new Map<string, HTMLDivElement>();
  private selectedRow: HTMLDivElement | undefined;
  private tabStop: HTMLDivElement | undefined;
  private signature = '';
  private selected: string | undefined;
  private readonly filter: HTMLInputElement;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  /** The host's list (the first 10,000 members) and the archive's count, as update() got them. */
  private full: { members: readonly MemberInfo[]; count: number | undefined } | undefined;
  /** The matches of the filter text shown, while the box is not empty. */
  private found: { query: string; members: readonly MemberInfo[]; matched: number } | undefined;

  constructor(
    parent: HTMLElement,
    private readonly cb: MembersCallbacks,
  ) {
    this.element = el('div', 'npy-members', parent);
    this.element.id = 'npy-members';
    this.element.hidden = true;
    const bar = el('div', 'npy-members-bar', this.element);
    this.caption = el('div', 'npy-members-caption', bar);
    this.caption.id = 'npy-members-caption';
    this.filter = el('input', 'npy-members-filter', bar);
    this.filter.id = 'npy-members-filter';
    this.filter.type = 'search';
    this.filter.placeholder = t('membersFilter');
    this.filter.setAttribute('aria-label', t('membersFilter'));
    this.filter.hidden = true;
    this.filter.addEventListener('input', () => this.onFilterInput());
    this.filter.addEventListener('keydown', (e) => this.onFilterKey(e));
    this.list = el('div', 'npy-members-list', this.element);
    this.list.id = 'npy-members-list';
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-label', t('membersLabel'));
    this.list.setAttribute('aria-describedby', this.caption.id);
    this.list.addEventListener('keydown', (e) => this.onKey(e));
    this.list.addEventListener('focusin', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLDivElement>('.npy-member');
      if (row) this.setTabStop(row);
    });
    this.list.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLDivElement>('.npy-member');
      if (!row || !this.list.contains(row)) return;
      row.focus();
      this.choose(row);
    });
  }

  /** The member that is (or is about to be) shown. */
  get selectedKey(): string | undefined {
    return this.selected;
  }

  /** Show the list (hidden when `members` is undefined: a plain .npy) with `selected` marked. */
  update(members: readonly MemberInfo[] | undefined, selected: string | undefined, count?: number): void {
    this.element.hidden = !members;
    this.full = members ? { members, count } : undefined;
    const total = count ?? members?.length ?? 0;
    this.filter.hidden = !members || total <= FILTER_FROM || !this.cb.find;
    if (!members || this.filter.hidden) this.clearFilter();
    if (!members) {
      this.rows = [];
      this.byKey.clear();
      this.selectedRow = this.tabStop = undefined;
      this.list.textContent = '';
      this.signature = '';
      return;
    }
    this.render(selected);
  }

  /** The host's matches for `query`: shown if the box still holds that text (a later answer may be on its way). */
  showFound(query: string, members: readonly MemberInfo[], matched: number): void {
    if (this.filter.hidden || query !== this.filter.value.trim() || !query) return;
    this.found = { query, members, matched };
    this.render(this.selected);
  }

  /** Build the rows of the matches or of the whole list (only when they changed), then mark the selection. */
  private render(selected: string | undefined): void {
    if (!this.full) return;
    const signature = JSON.stringify(this.found ? ['found', this.found] : [this.full.count, this.full.members]);
    if (signature !== this.signature) {
      this.signature = signature;
      if (this.found) this.build(this.found.members, undefined, this.found.matched);
      else this.build(this.full.members, this.full.count);
    }
    this.mark(selected);
  }

  private onFilterInput(): void {
    clearTimeout(this.filterTimer);
    const query = this.filter.value.trim();
    if (!query) {
      this.found = undefined;
      this.render(this.selected);
      return;
    }
    this.filterTimer = setTimeout(() => this.cb.find?.(query), FILTER_DELAY);
  }

  private onFilterKey(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.filter.value) {
      e.preventDefault();
      e.stopPropagation();
      this.clearFilter();
      this.render(this.selected);
    } else if (e.key === 'ArrowDown' && this.rows.length) {
      e.preventDefault();
      (this.selectedRow ?? this.rows[0]).focus();
    } else if (e.key === 'Enter') {
      // Ask at once, without waiting for the pause.
      clearTimeout(this.filterTimer);
      const query = this.filter.value.trim();
      if (query) this.cb.find?.(query);
    }
  }

  private clearFilter(): void {
    clearTimeout(this.filterTimer);
    this.filter.value = '';
    this.found = undefined;
  }

  /** Mark `key` as selected (before the host has answered, so the choice shows at once). */
  mark(key: string | undefined): void {
    this.selected = key;
    // Only the rows that change are touched: a list may hold 10,000 members.
    const row = key === undefined ? undefined : this.byKey.get(key);
    if (this.selectedRow !== row) {
      if (this.selectedRow) {
        this.selectedRow.setAttribute('aria-selected', 'false');
        this.selectedRow.classList.remove('npy-member-selected');
      }
      if (row) {
        row.setAttribute('aria-selected', 'true');
        row.classList.add('npy-member-selected');
      }
      this.selectedRow = row;
    }
    // Roving tabindex: Tab reaches the list once, on the focused row, else the selected one (or the first).
    const focused = document.activeElement instanceof HTMLDivElement && this.list.contains(document.activeElement) ? document.activeElement : undefined;
    this.setTabStop(focused ?? row ?? this.rows[0]);
    if (row && !focused) row.scrollIntoView({ block: 'nearest' });
  }

  private setTabStop(row: HTMLDivElement | undefined): void {
    if (this.tabStop === row) return;
    if (this.tabStop) this.tabStop.tabIndex = -1;
    if (row) row.tabIndex = 0;
    this.tabStop = row;
  }

  private build(members: readonly MemberInfo[], count: number | undefined, matched?: number): void {
    const total = members.reduce((s, m) => s + BigInt(m.size), 0n);
    const size = byteSizeText(total);
    const n = (k: number) => k.toLocaleString('en-US');
    this.caption.textContent =
      matched !== undefined
        ? matched > members.length
          ? t('membersFoundMore', { n: n(matched), listed: n(members.length) })
          : t('membersFound', { n: n(matched) })
        : count !== undefined && count > members.length
          ? t('membersCaptionMore', { n: n(count), listed: n(members.length) })
          : members.length === 1
            ? t('membersCaptionOne', { size })
            : t('membersCaption', { n: n(members.length), size });
    this.list.textContent = '';
    this.byKey.clear();
    this.selectedRow = this.tabStop = undefined;
    this.rows = members.map((m) => this.row(m));
    // A later duplicate key is the one np.load reads (the first is listed as shadowed): the key names that row.
    for (const row of this.rows) this.byKey.set(row.dataset.member!, row);
  }

  private row(m: MemberInfo): HTMLDivElement {
    const row = el('div', 'npy-member', this.list);
    row.setAttribute('role', 'option');
    row.setAttribute('aria-selected', 'false');
    row.dataset.member = m.key;
    row.tabIndex = -1;
    // VS Code's webview context menu: the section and the member, for "Extract Member to NPY…".
    row.dataset.vscodeContext = JSON.stringify({ webviewSection: 'npyMember', npyMember: m.key, preventDefaultContextMenuItems: true });
    row.title = t('memberOpen', { key: m.key });
    const cell = (cls: string, text: string): HTMLSpanElement => {
      const s = el('span', `npy-member-cell ${cls}`, row);
      s.textContent = text;
      return s;
    };
    cell('npy-member-key', m.key);
    if (m.shape && m.dtypeName) {
      cell('npy-member-shape', shapeText(m.shape));
      cell('npy-member-dtype', m.dtypeName);
    } else {
      cell('npy-member-shape', '');
      cell('npy-member-dtype', m.error ? '' : t('memberUnread'));
    }
    cell('npy-member-size', byteSizeText(BigInt(m.size)));
    const stored = byteSizeText(BigInt(m.storedSize));
    cell('npy-member-stored', m.compression === 'stored' ? t('memberStored') : t(m.compression === 'deflated' ? 'memberDeflated' : 'memberOther', { size: stored }));
    if (m.error) {
      const e = cell('npy-member-error', `⚠ ${m.error}`);
      e.title = m.error;
      row.classList.add('npy-member-bad');
    }
    return row;
  }

  private choose(row: HTMLDivElement): void {
    const key = row.dataset.member;
    if (key === undefined) return;
    if (key !== this.selected) this.mark(key);
    this.cb.select(key);
  }

  private onKey(e: KeyboardEvent): void {
    const rows = this.rows;
    if (!rows.length) return;
    const at = Math.max(0, this.tabStop ? rows.indexOf(this.tabStop) : 0);
    const page = Math.max(1, Math.floor(this.list.clientHeight / Math.max(1, rows[0].offsetHeight)) - 1);
    let to: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
        to = Math.min(rows.length - 1, at + 1);
        break;
      case 'ArrowUp':
        to = Math.max(0, at - 1);
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = rows.length - 1;
        break;
      case 'PageDown':
        to = Math.min(rows.length - 1, at + page);
        break;
      case 'PageUp':
        to = Math.max(0, at - page);
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.choose(rows[at]);
        return;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
    this.setTabStop(rows[to]);
    rows[to].focus();
    rows[to].scrollIntoView({ block: 'nearest' });
  }
}
