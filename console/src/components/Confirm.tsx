// A modal confirmation (the native <dialog>: focus is trapped inside, Escape cancels), for
// actions that cannot be undone: deleting a schedule, the panic button.
import { useEffect, useRef, type ReactNode } from 'react';

export function Confirm(props: { title: string; confirmLabel: string; onConfirm: () => void; onCancel: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="confirm-title" onCancel={(e) => (e.preventDefault(), props.onCancel())}>
      <h2 id="confirm-title">{props.title}</h2>
      <p>{props.children}</p>
      <div className="toolbar">
        <button type="button" className="secondary" autoFocus onClick={props.onCancel}>Cancel</button>
        <button type="button" className="danger" onClick={props.onConfirm}>{props.confirmLabel}</button>
      </div>
    </dialog>
  );
}
