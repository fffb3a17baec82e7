import 'reflect-metadata';
import { runService } from '@mim/service-kit';
import { notificationService } from './service-definition';

void runService(notificationService);
