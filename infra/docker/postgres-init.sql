-- One database and one login role per service; no service can read another's data.
CREATE ROLE sales LOGIN PASSWORD 'sales';
CREATE DATABASE sales OWNER sales;
CREATE ROLE marketing LOGIN PASSWORD 'marketing';
CREATE DATABASE marketing OWNER marketing;
CREATE ROLE service LOGIN PASSWORD 'service';
CREATE DATABASE service OWNER service;
CREATE ROLE partners LOGIN PASSWORD 'partners';
CREATE DATABASE partners OWNER partners;
CREATE ROLE analytics LOGIN PASSWORD 'analytics';
CREATE DATABASE analytics OWNER analytics;
CREATE ROLE webhooks LOGIN PASSWORD 'webhooks';
CREATE DATABASE webhooks OWNER webhooks;
