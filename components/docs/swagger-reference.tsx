'use client';

import { useEffect, useRef } from 'react';
import { CLIENT_HEADER, WEB_CLIENT } from '@/lib/api/client-header';

type SwaggerRequest = { headers?: Record<string, string>; credentials?: string };
type SwaggerBundle = (options: Record<string, unknown>) => unknown;

/**
 * Swagger UI, loaded from the desk's own copy of swagger-ui-dist (/docs/assets). A script this
 * page's own scripts insert is trusted by the page's policy ('strict-dynamic'), so it needs no
 * inline code. "Try it" without an Authorize token goes out as the signed-in agent.
 */
export function SwaggerReference() {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const script = document.createElement('script');
    script.src = '/docs/assets/swagger-ui-bundle.js';
    script.onload = () => {
      const bundle = (window as unknown as { SwaggerUIBundle: SwaggerBundle }).SwaggerUIBundle;
      bundle({
        url: '/openapi.json',
        domNode: target.current,
        deepLinking: true,
        requestInterceptor: (request: SwaggerRequest) => {
          const headers = request.headers ?? {};
          if (!headers.Authorization && !headers.authorization) headers[CLIENT_HEADER] = WEB_CLIENT;
          return { ...request, headers, credentials: 'same-origin' };
        },
      });
    };
    document.body.appendChild(script);
    return () => script.remove();
  }, []);
  return <div ref={target} data-testid="api-reference" />;
}
