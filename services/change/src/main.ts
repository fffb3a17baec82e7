import 'reflect-metadata';
import { runService } from '@mim/service-kit';
import { changeService } from './service-definition';

void runService(changeService);
