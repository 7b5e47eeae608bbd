/** What each way to go on means, under a warning that a pane would take others' messages. */
export function ConsumeChoiceNotes() {
  return (
    <ul className="list-disc pl-5 text-xs">
      <li>
        <strong>Watch without consuming</strong>: a copy of every delivery through RabbitMQ&apos;s
        firehose, with who got it; takes nothing.
      </li>
      <li>
        <strong>Subscribe with requeue</strong>: ack mode client, and each message is put back (NACK
        with requeue) once shown; the others get it again, marked redelivered.
      </li>
      <li>
        <strong>Subscribe anyway</strong>: take a share, as asked.
      </li>
    </ul>
  );
}
