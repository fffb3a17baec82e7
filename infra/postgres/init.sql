-- Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d).
-- One database per service: a service never reads another service's tables.
CREATE DATABASE mim_incident;
CREATE DATABASE mim_problem;
CREATE DATABASE mim_change;
CREATE DATABASE mim_notification;
CREATE DATABASE mim_analytics;
