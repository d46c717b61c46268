import { ReadinessRegistry } from '@crm/observability';
import { Global, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { UnitOfWork } from './unit-of-work';

@Injectable()
class DatabaseReadiness implements OnModuleInit {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly uow: UnitOfWork,
  ) {}

  onModuleInit(): void {
    this.readiness.register('database', () => this.uow.ping());
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DataSourceOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...options, retryAttempts: 3, retryDelay: 1000 })],
      providers: [UnitOfWork, DatabaseReadiness],
      exports: [UnitOfWork],
    };
  }
}
