import {
  cloneElement,
  isValidElement,
  useId,
  type ComponentProps,
  type ReactElement,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';

const control =
  'w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm shadow-sm outline-none focus:border-sky-500 focus:ring-2 focus:ring-sky-600 dark:focus:ring-sky-400 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 aria-[invalid=true]:border-red-500';

type Describable = ReactElement<{ 'aria-describedby'?: string }>;

/**
 * A labelled control. The label is the control's whole accessible name (ui-contract.md); the
 * hint sits outside the `<label>` and is linked as the control's description, after any
 * description the control already has (an error, a help text).
 */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: ReactNode;
  children: ReactNode;
}) {
  const hintId = useId();
  const described =
    hint && isValidElement(children) ? describedBy(children as Describable, hintId) : children;
  return (
    <div className="flex min-w-0 flex-col gap-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
      <label className="flex min-w-0 flex-col gap-1">
        <span>{label}</span>
        {described}
      </label>
      {hint ? (
        <span id={hintId} className="font-normal text-zinc-600 dark:text-zinc-400">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

function describedBy(element: Describable, id: string): Describable {
  const own = element.props['aria-describedby'];
  return cloneElement(element, { 'aria-describedby': own ? `${own} ${id}` : id });
}

export function TextInput(props: ComponentProps<'input'>) {
  return <input {...props} className={`${control} ${props.className ?? ''}`} />;
}

export function TextArea(props: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea {...props} className={`${control} font-mono ${props.className ?? ''}`} />;
}

/** Never narrower than its widest option: a cut-off choice ("Exchange + routing-key patt") says nothing. */
export function Select(props: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} className={`${control} min-w-max ${props.className ?? ''}`} />;
}
