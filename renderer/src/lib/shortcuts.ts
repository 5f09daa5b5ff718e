/** Global keyboard shortcuts; the help overlay lists them from SHORTCUTS. */
import type { Lab, ResultsTab } from '../state/lab.svelte';

export const SHORTCUTS: Array<{ keys: string; action: string }> = [
  { keys: 'Ctrl/⌘ + Enter', action: 'Run the script' },
  { keys: 'Ctrl/⌘ + S', action: 'Save the experiment' },
  { keys: 'Ctrl/⌘ + .', action: 'Cancel a running script' },
  { keys: 'Alt + N', action: 'New experiment' },
  { keys: 'Alt + E', action: 'Examples gallery' },
  { keys: 'Alt + H', action: 'Revision history of the experiment' },
  { keys: 'Alt + B / Alt + C', action: 'Builder / Code mode' },
  { keys: 'Alt + 1 … 4', action: 'Console, Variables, Graph, Gradients' },
  { keys: '← / → in the graph', action: 'Step the backward pass' },
  { keys: '?', action: 'Show this help' },
  { keys: 'Esc', action: 'Close a dialog' },
];

const TABS: ResultsTab[] = ['console', 'variables', 'graph', 'gradients'];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

export function handleShortcut(lab: Lab, event: KeyboardEvent): void {
  // The editor handles its own Ctrl+Enter; do not run twice.
  if (event.defaultPrevented) return;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  let handled = true;
  if (mod && key === 's') void lab.save();
  else if (mod && key === 'enter') void lab.run();
  else if (mod && key === '.') lab.cancelRun();
  else if (event.altKey && !mod && event.code === 'KeyN') lab.newExperiment();
  else if (event.altKey && !mod && event.code === 'KeyE') lab.galleryOpen = true;
  else if (event.altKey && !mod && event.code === 'KeyH') {
    if (lab.history) lab.closeHistory();
    else lab.openHistory();
  }
  else if (event.altKey && !mod && event.code === 'KeyB') lab.doc?.setMode('builder');
  else if (event.altKey && !mod && event.code === 'KeyC') lab.doc?.setMode('code');
  else if (event.altKey && !mod && /^Digit[1-4]$/.test(event.code)) lab.resultsTab = TABS[Number(event.code.slice(5)) - 1];
  else if (event.key === '?' && !mod && !typing(event.target)) lab.helpOpen = !lab.helpOpen;
  else if (event.key === 'Escape' && (lab.helpOpen || lab.galleryOpen)) {
    lab.helpOpen = false;
    lab.galleryOpen = false;
  } else handled = false;
  if (handled) event.preventDefault();
}
