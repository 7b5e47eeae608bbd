'use client';

import { useState } from 'react';
import type { SendRequest } from '@/lib/dashboard/dashboard-types';
import {
  describeCaptureProblems,
  parseCaptureInSlices,
  type Capture,
} from '@/lib/capture/validate';
import { parsePacing } from '@/lib/replay/pacing';
import { planReplay } from '@/lib/replay/replay-plan';
import type { Result } from '@/lib/util/result';
import { Button } from '@/components/ui/button';
import { Field, Select, TextInput } from '@/components/ui/field';

type PacingChoice = 'original' | 'speed' | 'rate' | 'fastest';

type Loaded =
  | { status: 'none' }
  | { status: 'reading'; name: string }
  | { status: 'invalid'; name: string; problems: string }
  | { status: 'valid'; name: string; capture: Capture };

/**
 * `Replay capture`: opens a capture file, checks every line before anything can be sent, and
 * replays it through the Send form's bulk sender (its progress, Cancel and counts), to the
 * original destinations or one typed here, at the original pace, a speed factor or a rate.
 */
export function ReplayCapture({
  onReplay,
}: {
  onReplay: (request: SendRequest) => Result<unknown>;
}) {
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'none' });
  const [to, setTo] = useState('');
  const [pacing, setPacing] = useState<PacingChoice>('original');
  const [amount, setAmount] = useState('10');
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const read = async (file: File | undefined) => {
    setNote(null);
    if (!file) return setLoaded({ status: 'none' });
    setLoaded({ status: 'reading', name: file.name });
    const parsed = await parseCaptureInSlices(await file.text());
    setLoaded(
      parsed.ok
        ? { status: 'valid', name: file.name, capture: parsed.value }
        : {
            status: 'invalid',
            name: file.name,
            problems: describeCaptureProblems(parsed.problems, parsed.more),
          },
    );
  };

  const start = () => {
    if (loaded.status !== 'valid') return;
    const chosen = parsePacing(
      pacing === 'speed'
        ? { speed: amount }
        : pacing === 'rate'
          ? { rate: amount }
          : { fastest: pacing === 'fastest' },
    );
    if (!chosen.ok) return setNote({ ok: false, text: chosen.error });
    const plan = planReplay(loaded.capture, {
      to: to.trim() === '' ? undefined : to.trim(),
      pacing: chosen.value,
    });
    if (!plan.ok) return setNote({ ok: false, text: plan.error });
    const started = onReplay(plan.value.job);
    setNote(
      started.ok
        ? { ok: true, text: plan.value.summary }
        : { ok: false, text: `Nothing was sent: ${started.error}` },
    );
  };

  return (
    <div className="mt-3 flex flex-col gap-2 text-sm">
      <div>
        <Button size="sm" aria-expanded={open} onClick={() => setOpen(!open)}>
          Replay capture
        </Button>
      </div>
      {open ? (
        <div className="flex flex-col gap-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
          <Field label="Capture file" hint="An NDJSON capture from Record or Export NDJSON.">
            <input
              type="file"
              accept=".ndjson,.jsonl,application/x-ndjson,text/plain"
              onChange={(e) => void read(e.target.files?.[0])}
              className="text-xs"
            />
          </Field>
          {loaded.status === 'reading' ? <p className="text-xs">Reading {loaded.name}…</p> : null}
          {loaded.status === 'invalid' ? (
            <div role="alert" className="text-xs text-red-700 dark:text-red-300">
              <p>{loaded.name} cannot be replayed; nothing was sent. Fix these lines:</p>
              <pre className="mt-1 font-mono whitespace-pre-wrap">{loaded.problems}</pre>
            </div>
          ) : null}
          {loaded.status === 'valid' ? (
            <p className="text-xs text-zinc-700 dark:text-zinc-300">
              {loaded.capture.messages.length.toLocaleString('en-US')} messages from{' '}
              {loaded.capture.pane.id} ({loaded.capture.pane.destination}), recorded{' '}
              {loaded.capture.startedAt}.
            </p>
          ) : null}
          <div className="grid grid-cols-1 gap-2 @md:grid-cols-[2fr_1fr_1fr]">
            <Field label="Replay to" hint="Empty: where each message came through.">
              <TextInput
                value={to}
                placeholder="the original destinations"
                onChange={(e) => setTo(e.target.value)}
                spellCheck={false}
                className="font-mono"
              />
            </Field>
            <Field label="Pacing">
              <Select value={pacing} onChange={(e) => setPacing(e.target.value as PacingChoice)}>
                <option value="original">original pace</option>
                <option value="speed">speed factor</option>
                <option value="rate">fixed rate</option>
                <option value="fastest">as fast as possible</option>
              </Select>
            </Field>
            {pacing === 'speed' || pacing === 'rate' ? (
              <Field label={pacing === 'speed' ? 'Speed factor' : 'Rate (msg/s)'}>
                <TextInput
                  inputMode="decimal"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                />
              </Field>
            ) : null}
          </div>
          <div>
            <Button
              variant="primary"
              size="sm"
              disabled={loaded.status !== 'valid'}
              onClick={start}
            >
              Start replay
            </Button>
          </div>
          {note ? (
            <p
              role={note.ok ? 'status' : 'alert'}
              aria-label="Replay status"
              className={`text-xs ${note.ok ? 'text-zinc-700 dark:text-zinc-300' : 'text-red-700 dark:text-red-300'}`}
            >
              {note.text}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
