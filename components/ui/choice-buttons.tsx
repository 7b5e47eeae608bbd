import { Button } from '@/components/ui/button';

/** One of the answers a warning offers. */
export interface Choice<T extends string> {
  value: T;
  label: string;
  variant: 'primary' | 'secondary' | 'danger' | 'ghost';
  disabled?: boolean;
}

/** The answers to a warning, in a row: each button reports its own choice. */
export function ChoiceButtons<T extends string>({
  choices,
  onChoose,
}: {
  choices: readonly Choice<T>[];
  onChoose: (choice: T) => void;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      {choices.map((choice) => (
        <Button
          key={choice.value}
          variant={choice.variant}
          size="sm"
          disabled={choice.disabled}
          onClick={() => onChoose(choice.value)}
        >
          {choice.label}
        </Button>
      ))}
    </div>
  );
}
