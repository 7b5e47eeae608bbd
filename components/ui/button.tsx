import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';
type Size = 'md' | 'sm' | 'xs' | 'icon';

const variants: Record<Variant, string> = {
  primary:
    'bg-sky-700 text-white hover:bg-sky-800 disabled:bg-sky-700/60 dark:bg-sky-600 dark:text-zinc-950 dark:hover:bg-sky-500',
  secondary:
    'border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800',
  danger:
    'border border-red-300 bg-white text-red-700 hover:bg-red-50 dark:border-red-800 dark:bg-zinc-900 dark:text-red-300',
  ghost: 'text-zinc-700 hover:bg-zinc-200/60 dark:text-zinc-300 dark:hover:bg-zinc-800',
};

// Sizes live here, one per name, so a caller never has to out-shout them with its own classes.
const sizes: Record<Size, string> = {
  md: 'px-2.5 py-1.5 text-sm',
  sm: 'px-2 py-1 text-xs',
  xs: 'px-1.5 py-0.5 text-xs',
  icon: 'size-7 p-0 text-sm leading-none',
};

export function Button({
  variant = 'secondary',
  size = 'md',
  className = '',
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: Size }) {
  return (
    <button
      type={type}
      {...props}
      className={`inline-flex items-center justify-center gap-1 rounded-md font-medium transition-colors outline-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-60 dark:focus-visible:outline-sky-400 ${sizes[size]} ${variants[variant]} ${className}`}
    />
  );
}

/**
 * A small glyph button: `label` is its accessible name and, unless `title` says more, its
 * tooltip.
 */
export function IconButton({
  label,
  title = label,
  ...props
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'aria-label'> & { label: string }) {
  return <Button variant="ghost" size="icon" aria-label={label} title={title} {...props} />;
}
