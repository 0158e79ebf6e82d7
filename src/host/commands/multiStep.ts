// A multi-step QuickInput: numbered steps, a Back button from step 2 on, live validation of input boxes.
// Steps are functions run in order; a step throws BACK to return to the previous one, CANCEL to end the flow.
import * as vscode from 'vscode';

export const BACK = Symbol('back');
export const CANCEL = Symbol('cancel');

export interface PickOptions<T extends vscode.QuickPickItem> {
  /** What this step asks, shown after the flow's title: `Create Empty NPY: Shape`. */
  stepTitle?: string;
  placeholder?: string;
  items: readonly T[];
  activeItem?: T;
  /** The focused item changed (live preview). */
  onActive?: (item: T | undefined) => void;
  /** Items shown first for what the user typed (e.g. a custom dtype), recomputed as they type. */
  typedItems?: (value: string) => T[];
  /** false keeps the picker open (e.g. an invalid typed item); a string is shown as the picker's placeholder. */
  accept?: (item: T) => boolean;
}

export interface InputOptions {
  stepTitle?: string;
  value: string;
  prompt?: string;
  placeholder?: string;
  /**
   * Called on every keystroke: an error blocks Enter and is shown; `info` replaces the prompt (e.g. a size);
   * `incomplete` blocks Enter without an error (nothing typed yet).
   */
  validate: (value: string) => { error?: string; info?: string; incomplete?: boolean };
  /** Show Back even on step 1 (a sub-step, e.g. the custom dtype box returns to the list). */
  back?: boolean;
}

export class MultiStepInput {
  private current: vscode.QuickInput | undefined;
  /** 1-based number of the running step and how many there are. */
  step = 1;
  totalSteps = 1;

  constructor(private readonly title: string) {}

  /** Run the steps; false when the user cancelled. Back from the first step cancels. */
  async run(steps: Array<() => Promise<void>>): Promise<boolean> {
    this.totalSteps = steps.length;
    let i = 0;
    try {
      while (i < steps.length) {
        this.step = i + 1;
        try {
          await steps[i]();
          i++;
        } catch (e) {
          if (e === BACK) {
            if (i === 0) return false;
            i--;
          } else if (e === CANCEL) {
            return false;
          } else throw e;
        }
      }
      return true;
    } finally {
      this.current?.dispose();
      this.current = undefined;
    }
  }

  private swap(next: vscode.QuickInput, stepTitle: string | undefined): void {
    next.title = stepTitle ? `${this.title}: ${stepTitle}` : this.title;
    next.step = this.step;
    next.totalSteps = this.totalSteps;
    next.ignoreFocusOut = true; // the live preview opens beside without closing the input
    this.current?.dispose();
    this.current = next;
    next.show();
  }

  pick<T extends vscode.QuickPickItem>(o: PickOptions<T>): Promise<T> {
    const qp = vscode.window.createQuickPick<T>();
    qp.placeholder = o.placeholder;
    qp.matchOnDescription = true;
    qp.buttons = this.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    qp.items = o.items;
    if (o.activeItem) qp.activeItems = [o.activeItem];
    const subs: vscode.Disposable[] = [];
    return new Promise<T>((resolve, reject) => {
      subs.push(
        qp.onDidTriggerButton((b) => {
          if (b === vscode.QuickInputButtons.Back) reject(BACK);
        }),
        qp.onDidChangeActive((items) => o.onActive?.(items[0])),
        qp.onDidChangeValue((v) => {
          if (!o.typedItems) return;
          const typed = v.trim() ? o.typedItems(v) : [];
          qp.items = [...typed, ...o.items];
          if (typed.length) qp.activeItems = [typed[0]];
        }),
        qp.onDidAccept(() => {
          const item = qp.selectedItems[0] ?? qp.activeItems[0];
          if (!item) return;
          if (o.accept && !o.accept(item)) return;
          resolve(item);
        }),
        qp.onDidHide(() => reject(CANCEL)),
      );
      this.swap(qp, o.stepTitle);
    }).finally(() => subs.forEach((d) => d.dispose()));
  }

  input(o: InputOptions): Promise<string> {
    const ib = vscode.window.createInputBox();
    ib.value = o.value;
    ib.valueSelection = [0, o.value.length];
    ib.placeholder = o.placeholder;
    ib.buttons = this.step > 1 || o.back ? [vscode.QuickInputButtons.Back] : [];
    const check = (v: string): boolean => {
      const r = o.validate(v);
      ib.validationMessage = r.error;
      ib.prompt = r.info ?? o.prompt;
      return !r.error && !r.incomplete;
    };
    check(o.value);
    const subs: vscode.Disposable[] = [];
    return new Promise<string>((resolve, reject) => {
      subs.push(
        ib.onDidTriggerButton((b) => {
          if (b === vscode.QuickInputButtons.Back) reject(BACK);
        }),
        ib.onDidChangeValue((v) => void check(v)),
        ib.onDidAccept(() => {
          if (check(ib.value)) resolve(ib.value);
        }),
        ib.onDidHide(() => reject(CANCEL)),
      );
      this.swap(ib, o.stepTitle);
    }).finally(() => subs.forEach((d) => d.dispose()));
  }

  /** Hide the input while a dialog (save dialog, modal) has the focus; the next step shows a new one. */
  hide(): void {
    const c = this.current;
    this.current = undefined;
    c?.dispose();
  }
}
