/**
 * The STOMP adapter's consumer tag for a subscription id: how the management API names a
 * pane's consumer. In a file of its own so the consume check can use it without bringing the
 * whole topology builder (loaded with the first poll) into the page's first load.
 */
export function stompConsumerTag(subscriptionId: string): string {
  return `T_${subscriptionId}`;
}
