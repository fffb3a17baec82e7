import 'reflect-metadata';
import { runService } from '@mim/service-kit';
import { analyticsService } from './service-definition';

void runService(analyticsService);
