import { Module } from '@nestjs/common';
import { OlapRepository } from './olap.repository';
import { OlapResolver } from './olap.resolver';
import { OlapService } from './olap.service';

@Module({ providers: [OlapRepository, OlapService, OlapResolver] })
export class OlapModule {}
