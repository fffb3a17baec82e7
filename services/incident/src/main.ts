import 'reflect-metadata';
import { runService } from '@mim/service-kit';
import { incidentService } from './service-definition';

void runService(incidentService);
