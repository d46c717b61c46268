import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { MarketingConfig } from '../config/marketing.config';
import { TrackingTokens } from './tracking-token';

/** The public paths the gateway forwards to this service, without a token. */
export const TRACKING_PATHS = { open: '/t/o', click: '/t/c', unsubscribe: '/t/u' } as const;

/** A message's open, click and unsubscribe URLs, signed, on the public origin. */
@Injectable()
export class TrackingLinks {
  readonly tokens: TrackingTokens;
  private readonly origin: string;

  constructor(@Inject(SUBGRAPH_CONFIG) config: MarketingConfig) {
    this.tokens = new TrackingTokens(config.TRACKING_SECRET);
    this.origin = config.PUBLIC_URL.replace(/\/+$/, '');
  }

  forMessage(messageId: string): { open: string; unsubscribe: string; click: (index: number) => string } {
    return {
      open: `${this.origin}${TRACKING_PATHS.open}/${this.tokens.sign({ messageId, kind: 'o', link: 0 })}`,
      unsubscribe: `${this.origin}${TRACKING_PATHS.unsubscribe}/${this.tokens.sign({ messageId, kind: 'u', link: 0 })}`,
      click: (link) => `${this.origin}${TRACKING_PATHS.click}/${this.tokens.sign({ messageId, kind: 'c', link })}`,
    };
  }
}
