import 'reflect-metadata';
import { runService } from '@mim/service-kit';
import { problemService } from './service-definition';

void runService(problemService);
